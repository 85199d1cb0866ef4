package io.knactor.examples.retail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's main, as the README's command runs it, with a few orders and no keep-running. */
class RetailDemoTest {
  @TempDir Path dir;

  @Test
  void demoPlacesOrdersAndPrintsTheirFinalStatesAndHowToInspectThem() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      RetailDemo.main(new String[] {"--orders", "3", "--port", "0", "--data-dir", dir.toString()});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);

    assertThat(out)
        .contains("Online retail running: Knactor server at http://127.0.0.1:")
        .contains("placed 1/3: o-")
        .contains("placed 3/3: o-");
    assertThat(out.lines().filter(l -> l.startsWith("final "))).hasSize(3);
    // The first two orders are small (ground), the third is eleven watches (over 1000: air).
    assertThat(out)
        .containsPattern(
            "final \\d/3: o-\\S+-1 completed total \\d+\\.\\d\\d EUR, shipped by ground, payment txn-");
    assertThat(out)
        .containsPattern("final \\d/3: o-\\S+-3 completed total \\d+\\.\\d\\d EUR, shipped by air");
    assertThat(out)
        .contains("export KNACTOR_TOKEN=retail-")
        .containsPattern("bin/knactor get OnlineRetail/v1/Checkout/knactor-checkout Order o-\\S+-1")
        .contains("bin/knactor get cast retail");
  }

  @Test
  void aBadOptionIsNamed() {
    assertThatThrownBy(() -> RetailDemo.main(new String[] {"--order", "3"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --order");
  }
}
