package io.knactor.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  void rendersHeaderSeparatorAndRows() {
    String table =
        new MarkdownTable("writers", "writes/s").row("1", "2,900").row("64", "31,000").render();

    assertThat(table)
        .isEqualTo("| writers | writes/s |\n| --- | --- |\n| 1 | 2,900 |\n| 64 | 31,000 |\n");
  }

  @Test
  void refusesARowWithTheWrongNumberOfCells() {
    assertThatThrownBy(() -> new MarkdownTable("a", "b").row("1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of this table needs 2 cells, got 1");
  }
}
