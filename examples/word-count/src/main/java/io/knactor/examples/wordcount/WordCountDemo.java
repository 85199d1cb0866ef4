package io.knactor.examples.wordcount;

import io.knactor.core.log.LogExchange;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.sync.runtime.Move;
import io.knactor.sync.runtime.RuntimeStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The word-count demo ({@code bin/word-count}): feeds lines into the embedded log exchange while
 * the split stage goes through parallelism 1, 2, 3, 6 and back to 1, then prints the final counts,
 * the time each partition move took, and whether every count is exact.
 *
 * <p>Usage: {@code WordCountDemo [DIR] [LINES]}; a temporary directory and 20,000 lines by default.
 */
public final class WordCountDemo {
  static final int[] PARALLELISM = {1, 2, 3, 6, 1};

  private WordCountDemo() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("word-count");
    long lines = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
    boolean exact;
    try (LogExchange logs = EmbeddedLogExchange.open(dir.resolve("logs"))) {
      exact = run(logs, lines, System.out);
    }
    System.exit(exact ? 0 : 1);
  }

  /** Runs the demo over {@code logs}; returns whether the counts are exact. */
  static boolean run(LogExchange logs, long lines, PrintStream out) throws InterruptedException {
    try (WordCount wc = WordCount.start(logs, PARALLELISM[0], 2)) {
      long chunk = Math.max(1, lines / (PARALLELISM.length * 10));
      long fed = wc.lines();
      for (int stage = 0; stage < PARALLELISM.length; stage++) {
        wc.split().setParallelism(PARALLELISM[stage]);
        long until = Math.min(lines, lines * (stage + 1) / PARALLELISM.length);
        while (fed < until) {
          long next = Math.min(until, fed + chunk);
          wc.feed(fed, next);
          fed = next;
        }
        RuntimeStatus split = wc.split().status();
        out.printf(
            "split parallelism %d: %d lines fed, %d split so far, %d counted%n",
            split.parallelism(), fed, split.records(), wc.sum().status().records());
      }
      while (!wc.idle()) {
        Thread.sleep(50);
      }
      List<Move> moves = wc.split().status().moves();
      out.printf("%d partition moves; took (µs):", moves.size());
      moves.forEach(m -> out.printf(" %d", m.took().toNanos() / 1000));
      out.println();
      Map<String, Long> counts = wc.counts();
      Map<String, Long> expected = Corpus.expectedCounts(wc.lines());
      counts.forEach((word, n) -> out.printf("%-12s %d%n", word, n));
      boolean exact = counts.equals(expected) && exactSequences(wc.countSequences());
      out.println(exact ? "counts exact: nothing lost, nothing repeated" : "COUNTS WRONG");
      return exact;
    }
  }

  /** True when every word's counts are 1, 2, ..., n in order. */
  static boolean exactSequences(Map<String, List<Long>> sequences) {
    for (List<Long> counts : sequences.values()) {
      for (int i = 0; i < counts.size(); i++) {
        if (counts.get(i) != i + 1) {
          return false;
        }
      }
    }
    return true;
  }
}
