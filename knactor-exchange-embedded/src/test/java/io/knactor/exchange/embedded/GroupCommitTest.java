package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent writers share WAL writes; batches in one group still validate one after another. */
class GroupCommitTest {
  private static final int WRITERS = 16;

  @TempDir Path dir;
  private EmbeddedObjectExchange ex;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    ex = EmbeddedObjectExchange.open(dir);
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    ex.close();
  }

  @Test
  void concurrentWritersShareWalWrites() throws Exception {
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      ObjectKey key = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "w" + w);
      writers.add(
          pool.submit(
              () -> {
                start.await();
                for (int n = 0; n < 20; n++) {
                  ex.commit("w", Write.upsert(key, Json.object().put("n", n)));
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
    assertThat(ex.currentVersion()).isEqualTo(WRITERS * 20);
  }

  @Test
  void concurrentCreatesOfOneObjectLetExactlyOneWin() throws Exception {
    ObjectKey key = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "contested");
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Future<StoredObject>> creates = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      creates.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return ex.commit("w", Write.create(key, Json.object().put("by", writer)));
                } catch (ConflictException lost) {
                  return null;
                }
              }));
    }
    List<StoredObject> winners = new ArrayList<>();
    for (Future<StoredObject> create : creates) {
      if (create.get() != null) {
        winners.add(create.get());
      }
    }

    assertThat(winners).hasSize(1);
    assertThat(ex.get(key)).contains(winners.get(0));
    assertThat(ex.currentVersion()).isEqualTo(1);
  }

  @Test
  void batchMayWriteOneObjectTwiceAndTheSecondWriteSeesTheFirst() {
    ObjectKey key = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");

    CommitResult result =
        ex.commit(
            WriteBatch.of(
                "w",
                Write.create(key, Json.object().put("a", 1)),
                Write.patch(key, 1, Json.object().put("b", 2))));

    assertThat(result.objects()).extracting(StoredObject::resourceVersion).containsExactly(1L, 2L);
    assertThat(ex.get(key).orElseThrow().data()).isEqualTo(Json.object().put("a", 1).put("b", 2));
    assertThat(ex.history(key)).hasSize(2);
  }
}
