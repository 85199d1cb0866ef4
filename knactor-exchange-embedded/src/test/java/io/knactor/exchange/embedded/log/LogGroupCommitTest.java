package io.knactor.exchange.embedded.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.error.ConflictException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.CommitStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent appenders share WAL writes; a fenced transaction in a group fails alone. */
class LogGroupCommitTest {
  private static final int WRITERS = 16;
  private static final StoreRef IN = StoreRef.parse("Home/v1/Motion/motion-a");
  private static final StoreRef OUT = StoreRef.parse("Home/v1/House/house-a");

  @TempDir Path dir;
  private EmbeddedLogExchange ex;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    ex =
        EmbeddedLogExchange.open(
            dir, EmbeddedLogOptions.defaults().withRetentionInterval(Duration.ZERO));
    ex.createStore(LogStoreSpec.of(IN, "Reading", 4));
    ex.createStore(LogStoreSpec.of(OUT, "Event", 1));
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    ex.close();
  }

  @Test
  void concurrentAppendersShareWalWrites() throws Exception {
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String key = "w" + w;
      writers.add(
          pool.submit(
              () -> {
                start.await();
                for (int n = 0; n < 20; n++) {
                  ex.append(IN, List.of(LogRecord.of(key, Json.object().put("n", n))));
                }
                return null;
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }

    CommitStats stats = ex.stats();
    assertThat(stats.batchesCommitted()).isEqualTo(WRITERS * 20);
    assertThat(stats.walWrites()).isLessThan(stats.batchesCommitted());
    assertThat(ex.describe(IN).partitions().stream().mapToLong(p -> p.endOffset()).sum())
        .isEqualTo(WRITERS * 20);
  }

  @Test
  void racingZombiesFailAloneWhileTheOwnersTransactionsCommit() throws Exception {
    ex.append(IN, List.of(LogRecord.of("k", Json.object())));
    int partition =
        ex.describe(IN).partitions().stream()
            .filter(p -> p.endOffset() == 1)
            .findFirst()
            .orElseThrow()
            .partition();
    PartitionClaim zombie = ex.claim("sync", IN, Set.of(partition)).get(0);
    PartitionClaim owner = ex.claim("sync", IN, Set.of(partition)).get(0);
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Future<Boolean>> attempts = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      PartitionClaim claim = w % 2 == 0 ? zombie : owner;
      attempts.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  ex.transaction()
                      .append(OUT, List.of(LogRecord.of("out", Json.object())))
                      .commitOffset(claim, 1)
                      .commit();
                  return true;
                } catch (ConflictException fenced) {
                  return false;
                }
              }));
    }
    int committed = 0;
    for (int w = 0; w < WRITERS; w++) {
      boolean ok = attempts.get(w).get();
      assertThat(ok)
          .as("attempt %d (%s)", w, w % 2 == 0 ? "zombie" : "owner")
          .isEqualTo(w % 2 == 1);
      committed += ok ? 1 : 0;
    }

    assertThat(ex.describe(OUT).partition(0).endOffset())
        .isEqualTo(committed)
        .isEqualTo(WRITERS / 2);
  }
}
