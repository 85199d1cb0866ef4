package io.knactor.sync.exec;

import static io.knactor.sync.Records.emissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.sync.Home;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.SyncPlan;
import org.junit.jupiter.api.Test;

/** The driver over several partitions, and partitions moving between tasks mid-stream. */
class SyncTestDriverTest {
  private static final SyncPlan WORDS =
      Home.plan(
          """
          words:
            from: S.event
            pipeline:
              - operator: split-words
              - operator: count-words
            to: D.out
          """,
          OperatorRegistry.load());

  private static final String[] LINES = {
    "the cat sat", "on the mat", "the end", "a cat and a hat", "sat on a mat", "end of the cat"
  };

  private static void pipe(SyncTestDriver driver, int from, int to) {
    for (int i = from; i < to; i++) {
      driver.pipe("S.event", "line-" + (i % 6), i * 1_000L, "{\"text\":\"" + LINES[i % 6] + "\"}");
    }
  }

  @Test
  void movingEveryPartitionMidStreamLosesAndRepeatsNothing() {
    SyncTestDriver steady = new SyncTestDriver(WORDS, 4);
    pipe(steady, 0, 24);

    SyncTestDriver moved = new SyncTestDriver(WORDS, 4);
    pipe(moved, 0, 9);
    for (int p = 0; p < 4; p++) {
      moved.reassign("S.event", p);
    }
    pipe(moved, 9, 17);
    moved.reassign("S.event", 2);
    pipe(moved, 17, 24);

    assertThat(emissions(moved.emissions())).isEqualTo(emissions(steady.emissions())).hasSize(84);
    for (int p = 0; p < 4; p++) {
      assertThat(moved.snapshot("S.event", p)).isEqualTo(steady.snapshot("S.event", p));
    }
  }

  @Test
  void recordsGoToThePartitionOfTheirKey() {
    SyncTestDriver driver = new SyncTestDriver(WORDS, 4);
    pipe(driver, 0, 6);

    long total = 0;
    for (int p = 0; p < 4; p++) {
      total += driver.counters("S.event", p).records();
    }
    int partition = driver.partitionOf("line-0");
    assertThat(total).isEqualTo(6);
    long records = driver.counters("S.event", partition).records();
    assertThat(records).isPositive();
    assertThat(
            driver.snapshot("S.event", partition).namespaces().get("task").get("offset").asLong())
        .isEqualTo(records);
  }

  @Test
  void anUnknownSourceIsNamedWithTheKnownOnes() {
    SyncTestDriver driver = new SyncTestDriver(WORDS);

    assertThatThrownBy(() -> driver.pipe("M.reading", "k", 1, "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no flow reads M.reading (sources: [Test/v1/Src/src Event])");
  }
}
