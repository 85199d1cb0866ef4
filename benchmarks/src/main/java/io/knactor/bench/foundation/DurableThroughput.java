package io.knactor.bench.foundation;

import io.knactor.exchange.embedded.CommitStats;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scenario 3: durable (fsynced) write throughput of the embedded exchange with 1, 8 and 64
 * concurrent writers on distinct objects, each run on a fresh exchange. Group commit is what makes
 * many writers faster than one: each group's leader syncs the write-ahead log once for every batch
 * that queued while the previous group was written.
 */
final class DurableThroughput {
  static final int[] WRITERS = {1, 8, 64};

  /** One run: the load's result and the average number of commits per WAL sync. */
  record Run(WriterLoad.Result load, double commitsPerSync) {}

  private DurableThroughput() {}

  static List<Run> run(Path dir, Duration warmup, Duration measure, Consumer<String> progress)
      throws InterruptedException {
    List<Run> runs = new ArrayList<>();
    for (int writers : WRITERS) {
      try (EmbeddedObjectExchange exchange =
          EmbeddedObjectExchange.open(
              dir.resolve("throughput-" + writers),
              EmbeddedOptions.defaults().withSyncWrites(true))) {
        WriterLoad.Result load = WriterLoad.run(exchange, writers, warmup, measure);
        CommitStats stats = exchange.stats();
        Run run = new Run(load, (double) stats.batchesCommitted() / stats.walWrites());
        progress.accept(
            String.format(
                java.util.Locale.ROOT,
                "%2d writers: %,.0f writes/s (%.2fx 1 writer), %.1f commits per WAL sync",
                writers,
                load.perSecond(),
                load.perSecond() / runs.stream().findFirst().orElse(run).load().perSecond(),
                run.commitsPerSync()));
        runs.add(run);
      }
    }
    return runs;
  }
}
