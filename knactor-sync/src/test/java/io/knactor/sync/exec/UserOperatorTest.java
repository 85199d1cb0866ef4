package io.knactor.sync.exec;

import static io.knactor.sync.Records.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.sync.Home;
import io.knactor.sync.WordCount;
import io.knactor.sync.operator.OperatorRegistry;
import org.junit.jupiter.api.Test;

/**
 * User operators: found by ServiceLoader, run with keyed state, rejected records change nothing.
 */
class UserOperatorTest {
  private static final String WORD_COUNT =
      """
      words:
        from: S.event
        pipeline:
          - operator: split-words
          - operator: count-words
        to: D.out
        deadLetter: D.rejected
      """;

  @Test
  void operatorsOfProvidersOnTheClassPathAreFound() {
    assertThat(OperatorRegistry.load().names()).containsExactly("count-words", "split-words");
  }

  @Test
  void keyedStateCountsPerKeyAcrossRecords() {
    SyncTestDriver d = new SyncTestDriver(Home.plan(WORD_COUNT, OperatorRegistry.load()));
    d.pipe("S.event", "line-1", 1, "{\"text\":\"the cat and the hat\"}");
    d.pipe("S.event", "line-2", 2, "{\"text\":\"The end\"}");

    assertThat(text(d.appended("words")))
        .containsExactly(
            "the@1 {\"word\":\"the\",\"count\":1}",
            "cat@1 {\"word\":\"cat\",\"count\":1}",
            "and@1 {\"word\":\"and\",\"count\":1}",
            "the@1 {\"word\":\"the\",\"count\":2}",
            "hat@1 {\"word\":\"hat\",\"count\":1}",
            "the@2 {\"word\":\"the\",\"count\":3}",
            "end@2 {\"word\":\"end\",\"count\":1}");
  }

  @Test
  void aThrowingOperatorRejectsTheRecordAndKeepsItsStateUnchanged() {
    SyncTestDriver d = new SyncTestDriver(Home.plan(WORD_COUNT, OperatorRegistry.load()));
    d.pipe("S.event", "line-1", 1, "{\"text\":\"boom\"}");
    d.pipe("S.event", "line-2", 2, "{\"text\":\"boom\"}");

    assertThat(d.appended("words")).isEmpty();
    assertThat(d.deadLetters("words"))
        .extracting(r -> r.value().get("reason").asText())
        .containsExactly(
            "operator count-words failed: cannot count boom",
            "operator count-words failed: cannot count boom");
    assertThat(d.snapshot("S.event", 0).toString()).doesNotContain("boom");
  }

  @Test
  void registeringANameTwiceIsRefused() {
    OperatorRegistry.Builder builder =
        OperatorRegistry.builder().register("split-words", new WordCount.Split());

    assertThatThrownBy(() -> builder.register("split-words", new WordCount.Split()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operator 'split-words' is already registered");
  }

  @Test
  void aMalformedNameIsRefused() {
    assertThatThrownBy(
            () -> OperatorRegistry.builder().register("Split Words", new WordCount.Split()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid operator name 'Split Words': must match [a-z][a-z0-9]*(-[a-z0-9]+)*");
  }
}
