package io.knactor.cast.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CastGraphTest {
  static final CastGraph RETAIL = CastGraph.of(Retail.compiled());

  @Test
  void edgesRunFromEachFieldReadToTheFieldItsRuleFills() {
    assertThat(RETAIL.edges())
        .extracting(e -> e.from() + " -> " + e.to())
        .contains(
            "C.order.totalCost -> P.payment.amount",
            "P.payment.id -> C.order.paymentID",
            "S.shipment.quote.price -> C.order.shippingCost",
            "C.order.currency -> C.order.shippingCost",
            "C.order.cost -> S.shipment.method");
    assertThat(RETAIL.nodes().get(Retail.compiled().plan().rules().iterator().next()))
        .isEqualTo(CastGraph.Role.TARGET);
  }

  @Test
  void dotHasOneClusterPerKindAndOneLinePerEdge() {
    String dot = DotFormat.render(RETAIL);

    assertThat(dot).startsWith("digraph \"retail\" {\n  rankdir=LR;\n");
    assertThat(dot).contains("    label=\"C.order\";\n");
    assertThat(dot).contains("    \"P.payment.amount\" [label=\"amount\", shape=box];\n");
    assertThat(dot).contains("  \"C.order.totalCost\" -> \"P.payment.amount\";\n");
    assertThat(dot.lines().filter(l -> l.contains(" -> ")).count())
        .isEqualTo(RETAIL.edges().size());
  }

  @Test
  void svgIsWellFormedWithABoxPerFieldAndEveryEdgePointingRight() throws Exception {
    String svg = SvgFormat.render(RETAIL);

    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(RETAIL.nodes().size());
    assertThat(doc.getElementsByTagName("path").getLength())
        .isEqualTo(RETAIL.edges().size() + 1); // the arrowhead marker is a path too
    Matcher edge = Pattern.compile("d=\"M (\\d+) \\d+ C [^\"]*, (\\d+) \\d+\"").matcher(svg);
    int edges = 0;
    while (edge.find()) {
      assertThat(Integer.parseInt(edge.group(2))).isGreaterThan(Integer.parseInt(edge.group(1)));
      edges++;
    }
    assertThat(edges).isEqualTo(RETAIL.edges().size());
  }
}
