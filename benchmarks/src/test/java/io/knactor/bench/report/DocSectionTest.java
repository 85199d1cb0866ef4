package io.knactor.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocSectionTest {
  private final DocSection section = new DocSection("foundation");

  @Test
  void replacesOnlyTheContentBetweenItsMarkers() {
    String doc =
        "# Benchmarks\n\nintro\n\n<!-- foundation:begin -->\nold\nresults\n<!-- foundation:end -->\n\n"
            + "<!-- cast:begin -->\ncast results\n<!-- cast:end -->\n";

    String updated = section.replace(doc, "new results\n");

    assertThat(updated)
        .isEqualTo(
            "# Benchmarks\n\nintro\n\n<!-- foundation:begin -->\nnew results\n<!-- foundation:end -->\n\n"
                + "<!-- cast:begin -->\ncast results\n<!-- cast:end -->\n");
  }

  @Test
  void appendsTheSectionWhenTheDocumentHasNone() {
    String updated = section.replace("# Benchmarks\n", "results");

    assertThat(updated)
        .isEqualTo("# Benchmarks\n\n<!-- foundation:begin -->\nresults\n<!-- foundation:end -->\n");
  }

  @Test
  void refusesADocumentWithOnlyTheEndMarker() {
    assertThatThrownBy(() -> section.replace("text\n<!-- foundation:end -->\n", "results"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the document has a broken section: expected '<!-- foundation:begin -->' before"
                + " '<!-- foundation:end -->'");
  }

  @Test
  void refusesADocumentWithOnlyTheBeginMarker() {
    assertThatThrownBy(() -> section.replace("<!-- foundation:begin -->\ntext\n", "results"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the document has a broken section");
  }

  @Test
  void rewriteCreatesTheFileAndRewritesItInPlaceTheSecondTime(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("benchmarks.md");

    section.rewrite(doc, "first\n");
    section.rewrite(doc, "second\n");

    assertThat(Files.readString(doc))
        .isEqualTo("<!-- foundation:begin -->\nsecond\n<!-- foundation:end -->\n");
  }
}
