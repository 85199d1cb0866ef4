package io.knactor.cast.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.cast.Retail;
import io.knactor.core.error.SpecException;
import io.knactor.core.model.StoreRef;
import org.junit.jupiter.api.Test;

class CastSpecParserTest {
  private static final String FILE = "retail.cast.yaml";

  @Test
  void parsesFigureSixIntoTypedModelInSpecOrder() {
    CastSpec spec = CastSpecParser.parse(Retail.SPEC, FILE);

    assertThat(spec.name()).isEqualTo("retail");
    assertThat(spec.file()).isEqualTo(FILE);
    assertThat(spec.inputs().keySet()).containsExactly("C", "S", "P");
    assertThat(spec.inputs().get("S").store()).isEqualTo(StoreRef.parse(Retail.SHIPPING));
    assertThat(spec.targets())
        .extracting(t -> t.kind().toString())
        .containsExactly("C.order", "P.payment", "S.shipment");
    assertThat(spec.rules())
        .extracting(r -> r.target().toString())
        .containsExactly(
            "C.order.shippingCost",
            "C.order.paymentID",
            "C.order.trackingID",
            "P.payment.amount",
            "P.payment.currency",
            "S.shipment.items",
            "S.shipment.addr",
            "S.shipment.method");
    assertThat(spec.rules().get(7).expression().text())
        .isEqualTo("C.order.cost > 1000.0 ? \"air\" : \"ground\"");
    assertThat(spec.singletons()).isEmpty();
  }

  @Test
  void keepsTheLineAndColumnOfEveryKeyAndExpression() {
    CastSpec spec = CastSpecParser.parse(Retail.SPEC, FILE);

    assertThat(spec.inputs().get("P").location()).hasToString("retail.cast.yaml:6:3");
    assertThat(spec.targets().get(1).location()).hasToString("retail.cast.yaml:12:3");
    RuleDecl paymentId = spec.rules().get(1);
    assertThat(paymentId.location()).hasToString("retail.cast.yaml:10:5");
    assertThat(paymentId.expression().start()).hasToString("retail.cast.yaml:10:16");
    RuleDecl method = spec.rules().get(7);
    assertThat(method.expression().start())
        .as("inside the single quotes")
        .hasToString("retail.cast.yaml:18:14");
    assertThat(method.expression().locationAt("C.order.cost > 1000.0 ? \"".length()))
        .as("the 'a' of \"air\"")
        .hasToString("retail.cast.yaml:18:39");
  }

  @Test
  void mapsOffsetsOfFoldedAndQuotedExpressionsBackToTheFile() {
    String yaml =
        """
        kind: Cast
        name: folded
        input:
          C: OnlineRetail/v1/Checkout/knactor-checkout
        dxg:
          C.order:
            shippingCost: >
              currency_convert(1.0,
                "USD", this.currency)
            paymentID: "'it''s' + \\"x\\" + this.trackingID"
        """;
    CastSpec spec = CastSpecParser.parse(yaml, "f.yaml");

    SpecExpression folded = spec.rules().get(0).expression();
    assertThat(folded.text()).isEqualTo("currency_convert(1.0,\n  \"USD\", this.currency)\n");
    assertThat(folded.start()).hasToString("f.yaml:8:7");
    assertThat(folded.locationAt(folded.text().indexOf("this"))).hasToString("f.yaml:9:16");

    SpecExpression quoted = spec.rules().get(1).expression();
    assertThat(quoted.text()).isEqualTo("'it''s' + \"x\" + this.trackingID");
    assertThat(quoted.locationAt(quoted.text().indexOf("this"))).hasToString("f.yaml:10:35");
  }

  @Test
  void malformedYamlIsRefusedWithItsLine() {
    String yaml = "kind: Cast\nname: retail\ndxg:\n  C.order:\n    method: a ? b : c\n";

    assertThatThrownBy(() -> CastSpecParser.parse(yaml, FILE))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "retail.cast.yaml:5:19: error: malformed YAML: mapping values are not allowed here");
  }

  @Test
  void shapeErrorsAreAllReportedWithTheirPlaces() {
    String yaml =
        """
        kind: Sync
        inputs: {}
        input:
          C: OnlineRetail/v1/Checkout
          this: OnlineRetail/v1/Checkout/knactor-checkout
        dxg:
          Corder:
            x: a
          C.order:
            paymentID: [1, 2]
            total cost: 1
            trackingID: ''
            trackingID: S.shipment.id
        singletons:
          H.house: Not Valid
        """;

    assertThatThrownBy(() -> CastSpecParser.parse(yaml, FILE))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            """
            invalid Cast spec:
              retail.cast.yaml:1:1: error: missing 'name:'
              retail.cast.yaml:1:7: error: kind must be 'Cast', got 'Sync'
              retail.cast.yaml:2:1: error: unknown key 'inputs' (expected kind, name, input, dxg, singletons, revisionHistoryLimit)
              retail.cast.yaml:4:6: error: invalid store 'OnlineRetail/v1/Checkout': expected App/version/Type/instance
              retail.cast.yaml:5:3: error: alias 'this' is reserved in expressions; choose another
              retail.cast.yaml:7:3: error: target 'Corder' must be Alias.kind, e.g. C.order
              retail.cast.yaml:10:16: error: the rule for C.order.paymentID must be a CEL expression string
              retail.cast.yaml:11:5: error: invalid field 'total cost' in C.order: expected a dotted field path
              retail.cast.yaml:12:17: error: the rule for C.order.trackingID has an empty expression
              retail.cast.yaml:13:5: error: duplicate key 'trackingID'
              retail.cast.yaml:15:12: error: invalid object name 'Not Valid' for singleton H.house""");
  }

  @Test
  void emptyDocumentIsNotASpec() {
    assertThatThrownBy(() -> CastSpecParser.parse("# nothing\n", FILE))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "invalid Cast spec:\n"
                + "  retail.cast.yaml:1:1: error: a Cast spec is a YAML mapping with kind, name,"
                + " input and dxg");
  }

  @Test
  void singletonsNameTheObjectToCreate() {
    String yaml =
        """
        kind: Cast
        name: home
        input:
          H: SmartHome/v1/House/house
        dxg: {}
        singletons:
          H.config: main
        """;

    CastSpec spec = CastSpecParser.parse(yaml, FILE);

    assertThat(spec.singletons())
        .containsExactly(
            new SingletonDecl(new KindRef("H", "config"), "main", new Location(FILE, 7, 3)));
  }

  @Test
  void revisionHistoryLimitDefaultsToTenAndMustBeInRange() {
    String spec = "kind: Cast\nname: c\ninput:\n  A: A/v1/A/a\ndxg: {}\n";
    assertThat(CastSpecParser.parse(spec, "c.yaml").historyLimit()).isEqualTo(10);
    assertThat(CastSpecParser.parse(spec + "revisionHistoryLimit: 3\n", "c.yaml").historyLimit())
        .isEqualTo(3);
    assertThatThrownBy(() -> CastSpecParser.parse(spec + "revisionHistoryLimit: 0\n", "c.yaml"))
        .hasMessageContaining(
            "c.yaml:6:23: error: revisionHistoryLimit must be a whole number from 1 to 100, got '0'");
  }
}
