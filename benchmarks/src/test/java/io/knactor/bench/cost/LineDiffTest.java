package io.knactor.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {
  @Test
  void changedLineCountsAsOneRemovedAndOneAdded() {
    assertThat(LineDiff.between("a\nb\nc\n", "a\nB\nc\n")).isEqualTo(new LineDiff(1, 1));
  }

  @Test
  void insertedLinesInTheMiddleAreOnlyAdded() {
    assertThat(LineDiff.between("a\nd\n", "a\nb\nc\nd\n")).isEqualTo(new LineDiff(2, 0));
  }

  @Test
  void absentFileCountsAllLinesOfTheOther() {
    assertThat(LineDiff.between("", "x\ny\n")).isEqualTo(new LineDiff(2, 0));
    assertThat(LineDiff.between("x\ny\n", "")).isEqualTo(new LineDiff(0, 2));
  }

  @Test
  void blankLinesAndIndentationAreNotCounted() {
    assertThat(LineDiff.between("a\n\nb\n", "a\n  b\n\n\n")).isEqualTo(LineDiff.NONE);
  }
}
