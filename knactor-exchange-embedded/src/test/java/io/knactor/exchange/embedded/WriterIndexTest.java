package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ConflictException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer validates against its in-memory index of committed objects: it must agree with RocksDB
 * after a reopen (the index starts empty), when it is too small to hold anything (every lookup a
 * miss), and when a batch of a group is rejected (nothing of it may reach the index).
 */
class WriterIndexTest {
  private static final ObjectKey A = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "a");
  private static final ObjectKey B = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "b");
  private static final EmbeddedOptions OPTIONS =
      EmbeddedOptions.defaults().withSyncWrites(false).withHistoryLimit(3);

  @TempDir Path dir;

  @Test
  void afterReopenTheWriterSeesEveryCommittedObjectAndHistory() {
    StoredObject a;
    try (EmbeddedObjectExchange ex = open(1 << 20)) {
      a = ex.commit("p", Write.create(A, Json.object().put("n", 1)));
      for (int n = 2; n <= 4; n++) {
        a = ex.commit("p", Write.patch(A, a.resourceVersion(), Json.object().put("n", n)));
      }
      StoredObject b = ex.commit("p", Write.create(B, Json.object()));
      ex.commit("p", Write.delete(B, b.resourceVersion()));
    }
    try (EmbeddedObjectExchange ex = open(1 << 20)) {
      long stale = a.resourceVersion() - 1;
      assertThatThrownBy(() -> ex.commit("p", Write.create(A, Json.object())))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> ex.commit("p", Write.replace(A, stale, Json.object())))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> ex.commit("p", Write.delete(B, Write.ANY_VERSION)))
          .isInstanceOf(NotFoundException.class);

      StoredObject patched =
          ex.commit("p", Write.patch(A, a.resourceVersion(), Json.object().put("m", 5)));
      assertThat(patched.data()).isEqualTo(Json.object().put("n", 4).put("m", 5));
      assertThat(ex.history(A))
          .extracting(ObjectRevision::resourceVersion)
          .containsExactly(3L, 4L, patched.resourceVersion());
      assertThat(ex.commit("p", Write.create(B, Json.object())).resourceVersion())
          .isEqualTo(patched.resourceVersion() + 1);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 1 << 20})
  void validationAndHistoriesAreTheSameWhateverTheIndexHolds(long indexBytes) {
    try (EmbeddedObjectExchange ex = open(indexBytes)) {
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 20; i++) {
          ObjectKey key = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o" + i);
          StoredObject now =
              ex.commit("p", Write.patchOrCreate(key, Json.object().put("r", round)));
          assertThatThrownBy(
                  () ->
                      ex.commit("p", Write.replace(key, now.resourceVersion() + 1, Json.object())))
              .isInstanceOf(ConflictException.class);
          if (i % 4 == 0) {
            ex.commit(
                "p",
                Write.delete(key, now.resourceVersion())
                    .withAnnotations(Map.of("why", "round " + round)));
          }
        }
      }
      ObjectKey kept = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o1");
      ObjectKey deleted = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o4");
      assertThat(ex.get(kept).orElseThrow().data()).isEqualTo(Json.object().put("r", 4));
      assertThat(ex.history(kept)).hasSize(3);
      assertThat(ex.get(deleted)).isEmpty();
      assertThat(ex.history(deleted)).hasSize(3);
    }
  }

  @Test
  void aRejectedBatchLeavesNothingBehindForTheNextCommit() {
    try (EmbeddedObjectExchange ex = open(1 << 20)) {
      ex.commit("p", Write.create(A, Json.object()));

      assertThatThrownBy(
              () ->
                  ex.commit(
                      WriteBatch.of(
                          "p",
                          Write.create(B, Json.object().put("n", 1)),
                          Write.create(A, Json.object()))))
          .isInstanceOf(ConflictException.class);

      assertThat(ex.get(B)).isEmpty();
      StoredObject b = ex.commit("p", Write.create(B, Json.object().put("n", 2)));
      assertThat(b.resourceVersion()).isEqualTo(2);
    }
  }

  /**
   * Groups are validated while the group before them is written, on the state it staged: with
   * writers racing on a few counters, each increment conditional on the version it read, no
   * acknowledged increment may be lost, whether the index holds everything or nothing.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1 << 20})
  void racingConditionalIncrementsLoseNothing(long indexBytes) throws Exception {
    int writers = 16;
    int increments = 200;
    List<ObjectKey> counters =
        IntStream.range(0, 3)
            .mapToObj(i -> ObjectKey.of("Shop/v1/Checkout/checkout-a", "Counter", "c" + i))
            .toList();
    try (EmbeddedObjectExchange ex =
        EmbeddedObjectExchange.open(
            dir, EmbeddedOptions.defaults().withSyncWrites(true), 16, 1 << 20, indexBytes)) {
      for (ObjectKey counter : counters) {
        ex.commit("p", Write.create(counter, Json.object().put("n", 0)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          ObjectKey counter = counters.get(w % counters.size());
          done.add(pool.submit(() -> increment(ex, counter, increments)));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
      int total = 0;
      for (ObjectKey counter : counters) {
        total += ex.get(counter).orElseThrow().data().path("n").asInt();
      }
      assertThat(total).isEqualTo(writers * increments);
    }
  }

  private static void increment(EmbeddedObjectExchange ex, ObjectKey counter, int times) {
    for (int done = 0; done < times; ) {
      StoredObject current = ex.get(counter).orElseThrow();
      int n = current.data().path("n").asInt();
      try {
        ex.commit(
            "p", Write.replace(counter, current.resourceVersion(), Json.object().put("n", n + 1)));
        done++;
      } catch (ConflictException lost) {
        // Another writer got there first: read again.
      }
    }
  }

  private EmbeddedObjectExchange open(long indexBytes) {
    return EmbeddedObjectExchange.open(dir, OPTIONS, 16, 1 << 20, indexBytes);
  }
}
