package io.knactor.examples.wordcount;

import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchanges;
import io.knactor.sync.runtime.PartitionStatus;
import io.knactor.sync.runtime.RuntimeStatus;
import io.knactor.sync.runtime.SyncRuntime;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One member of the group that runs the word count's {@code sum} Sync, for {@link
 * WordCountGroupIT}: joins the group over the log exchange {@code URI}, prints {@code HOLDS p,q
 * RECORDS n} whenever the partitions it runs or the records it committed change, and leaves the
 * group when its standard input ends.
 *
 * <p>Usage: {@code WordCountMember URI}.
 */
public final class WordCountMember {
  private WordCountMember() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch stdinEnded = new CountDownLatch(1);
    Thread stdin =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Only the end of the input matters.
                }
              } catch (java.io.IOException e) {
                // Ended either way.
              }
              stdinEnded.countDown();
            });
    stdin.setDaemon(true);
    stdin.start();
    try (LogExchange logs = LogExchanges.open(URI.create(args[0]));
        SyncRuntime sum =
            SyncRuntime.join(WordCount.sumPlan(), logs, null, 1, SyncRuntime.Options.defaults())) {
      String last = "";
      do {
        String line = report(sum.status());
        if (!line.equals(last)) {
          System.out.println(line);
          last = line;
        }
      } while (!stdinEnded.await(250, TimeUnit.MILLISECONDS));
    }
    System.out.println("LEFT");
  }

  private static String report(RuntimeStatus status) {
    return "HOLDS "
        + status.partitions().stream()
            .filter(p -> p.owner() >= 0)
            .map(p -> String.valueOf(p.task().partition()))
            .collect(Collectors.joining(","))
        + " RECORDS "
        + status.partitions().stream().mapToLong(PartitionStatus::records).sum();
  }
}
