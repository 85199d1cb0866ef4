package io.knactor.examples.wordcount;

import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import java.nio.file.Path;

/**
 * The word count as a process, for the crash test: opens the embedded log exchange in {@code DIR},
 * resumes both Syncs, appends the lines of the {@link Corpus} not yet stored (in chunks, so a kill
 * leaves a prefix) up to {@code LINES} while cycling the split stage's parallelism, and prints
 * {@code FED n} and {@code SPLIT n} as it goes and {@code DONE} when everything is counted.
 *
 * <p>Usage: {@code WordCountProcess DIR LINES}.
 */
public final class WordCountProcess {
  private WordCountProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long lines = Long.parseLong(args[1]);
    try (EmbeddedLogExchange logs = EmbeddedLogExchange.open(dir);
        WordCount wc = WordCount.start(logs, 1, 2)) {
      int stage = 0;
      for (long fed = wc.lines(); fed < lines; ) {
        long next = Math.min(lines, fed + 25);
        wc.feed(fed, next);
        fed = next;
        if (fed % 500 == 0) {
          stage = (stage + 1) % WordCountDemo.PARALLELISM.length;
          wc.split().setParallelism(WordCountDemo.PARALLELISM[stage]);
        }
        System.out.println("FED " + fed + " SPLIT " + wc.split().status().records());
      }
      while (!wc.idle()) {
        Thread.sleep(20);
      }
      System.out.println("DONE");
    }
  }
}
