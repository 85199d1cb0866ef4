package io.knactor.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.sync.runtime.Move;
import io.knactor.sync.runtime.PartitionStatus;
import io.knactor.sync.runtime.RuntimeStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Invoker evaluation: the split stage's parallelism goes 1, 2, 3, 6, 1 (and the sum stage's 2,
 * 3, 6, 2, 1) while lines keep arriving, and every word's counts come out 1, 2, ..., n with n its
 * exact count.
 */
class WordCountTest {
  private static final long LINES = 3_000;

  @TempDir Path dir;

  @Test
  void countsAreExactThroughEveryParallelismChangeWhileInputFlows() throws Exception {
    try (EmbeddedLogExchange logs = EmbeddedLogExchange.open(dir);
        WordCount wc = WordCount.start(logs, 1, 2)) {
      AtomicLong fed = new AtomicLong();
      Thread feeder =
          new Thread(
              () -> {
                for (long i = 0; i < LINES; i += 10) {
                  wc.feed(i, i + 10);
                  fed.set(i + 10);
                }
              });
      feeder.start();
      long seen = 0;
      int[] sumParallelism = {3, 6, 2, 1};
      int change = 0;
      for (int n : new int[] {2, 3, 6, 1}) {
        long before = seen;
        // Each change happens after the split stage made progress under the previous one.
        await().atMost(Duration.ofSeconds(60)).until(() -> wc.split().status().records() > before);
        seen = wc.split().status().records();
        wc.split().setParallelism(n);
        assertThat(owners(wc.split().status())).allMatch(o -> o >= 0 && o < n);
        // The stateful stage moves too: its per-word counts travel with its partitions.
        wc.sum().setParallelism(sumParallelism[change++]);
      }
      feeder.join();
      await().atMost(Duration.ofSeconds(60)).until(wc::idle);

      RuntimeStatus split = wc.split().status();
      assertThat(split.records()).isEqualTo(LINES);
      assertThat(split.fenced()).isZero();
      // Round-robin: 1->2 moves 3 partitions, 2->3 moves 4, 3->6 moves 3, 6->1 moves 5.
      assertThat(split.moves()).hasSize(15);
      assertThat(split.moves()).extracting(Move::took).allMatch(t -> !t.isNegative());
      assertThat(split.partitions()).allMatch(p -> p.lag() == 0 && p.owner() == 0);
      assertThat(wc.sum().status().moves()).isNotEmpty();
      assertThat(wc.sum().status().fenced()).isZero();
      assertExact(wc, LINES);
      assertThat(WordCount.readAll(logs, WordCount.WORDS))
          .hasSize((int) Corpus.expectedCounts(LINES).values().stream().mapToLong(v -> v).sum());
      assertThat(fed.get()).isEqualTo(LINES);
    }
  }

  @Test
  void assignMovesOnePartitionAndARestartResumesWithoutRepeating() throws Exception {
    try (EmbeddedLogExchange logs = EmbeddedLogExchange.open(dir)) {
      try (WordCount wc = WordCount.start(logs, 2, 1)) {
        wc.feed(0, 200);
        await().atMost(Duration.ofSeconds(30)).until(wc::idle);
        Move move = wc.split().assign(wc.split().tasks().get(0), 1);
        assertThat(move.from()).isZero();
        assertThat(move.to()).isEqualTo(1);
        assertThat(wc.split().assign(wc.split().tasks().get(0), 1)).isNull();
        wc.feed(200, 400);
        await().atMost(Duration.ofSeconds(30)).until(wc::idle);
      }
      // A new runtime over the same exchange resumes from the committed offsets and state.
      try (WordCount wc = WordCount.start(logs, 3, 2)) {
        wc.feed(400, 600);
        await().atMost(Duration.ofSeconds(30)).until(wc::idle);
        assertThat(wc.split().status().records()).isEqualTo(200);
        assertExact(wc, 600);
      }
    }
  }

  @Test
  void rejectsParallelismOutsideThePartitions() throws Exception {
    try (EmbeddedLogExchange logs = EmbeddedLogExchange.open(dir);
        WordCount wc = WordCount.start(logs, 1, 1)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> wc.split().setParallelism(7))
          .hasMessageContaining("parallelism must be between 1 and 6");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> wc.split().assign(0, 3))
          .hasMessageContaining("instance must be between 0 and 0");
      assertThat(wc.split().parallelism()).isEqualTo(1);
    }
  }

  @Test
  void demoPrintsExactCounts() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (EmbeddedLogExchange logs = EmbeddedLogExchange.open(dir)) {
      boolean exact =
          WordCountDemo.run(logs, 1_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertThat(exact).isTrue();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("split parallelism 6:").contains("counts exact");
    assertThat(out).containsPattern("question\\s+" + Corpus.expectedCounts(1_000).get("question"));
  }

  static void assertExact(WordCount wc, long lines) {
    Map<String, Long> expected = Corpus.expectedCounts(lines);
    Map<String, List<Long>> sequences = wc.countSequences();
    assertThat(sequences.keySet()).isEqualTo(expected.keySet());
    sequences.forEach(
        (word, counts) ->
            assertThat(counts)
                .as("counts of '%s'", word)
                .containsExactlyElementsOf(
                    LongStream.rangeClosed(1, expected.get(word)).boxed().toList()));
    assertThat(wc.counts()).isEqualTo(expected);
  }

  private static List<Integer> owners(RuntimeStatus status) {
    return status.partitions().stream().map(PartitionStatus::owner).toList();
  }
}
