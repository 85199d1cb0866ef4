package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Atomic batches across stores, and the document limits. */
public abstract class BatchConformance extends WriteConformance {
  private static final ObjectKey ORDER = key(CHECKOUT, "Order", "o-1");
  private static final ObjectKey SHIPMENT = key(SHIPPING, "Shipment", "o-1");
  private static final ObjectKey PAYMENT_1 = key(PAYMENT, "Payment", "o-1");

  @Test
  void batchAcrossStoresCommitsAtConsecutiveVersions() {
    create(PAYMENT_1, "{'amount':1}");
    long before = ex.currentVersion();

    CommitResult result =
        ex.commit(
            WriteBatch.of(
                "cast",
                Write.create(ORDER, json("{'n':1}")),
                Write.create(SHIPMENT, json("{'n':1}")),
                Write.patch(PAYMENT_1, Write.ANY_VERSION, json("{'amount':2}"))));

    assertThat(result.objects())
        .extracting(StoredObject::resourceVersion)
        .containsExactly(before + 1, before + 2, before + 3);
    assertThat(result.version()).isEqualTo(before + 3).isEqualTo(ex.currentVersion());
    assertThat(ex.get(ORDER)).contains(result.objects().get(0));
    assertThat(ex.get(SHIPMENT)).contains(result.objects().get(1));
    assertThat(ex.get(PAYMENT_1)).contains(result.objects().get(2));
  }

  @Test
  void batchWithAConflictingWriteCommitsNothing() throws Exception {
    StoredObject payment = create(PAYMENT_1, "{'amount':1}");
    long before = ex.currentVersion();
    try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), before))) {

      assertThatThrownBy(
              () ->
                  ex.commit(
                      WriteBatch.of(
                          "cast",
                          Write.create(ORDER, json("{'n':1}")),
                          Write.create(PAYMENT_1, json("{'amount':2}")))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(PAYMENT_1.toString());

      assertThat(ex.get(ORDER)).isEmpty();
      assertThat(ex.get(PAYMENT_1)).contains(payment);
      assertThat(ex.currentVersion()).isEqualTo(before);
      StoredObject sentinel = create(SHIPMENT, "{}");
      assertThat(take(watch, 1)).containsExactly(added(sentinel));
    }
  }

  @Test
  void batchReachesWatchersAsConsecutiveEvents() throws Exception {
    long before = ex.currentVersion();
    try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), before))) {
      CommitResult result =
          ex.commit(
              WriteBatch.of(
                  "cast",
                  Write.create(ORDER, json("{'n':1}")),
                  Write.create(SHIPMENT, json("{'n':1}"))));

      assertThat(take(watch, 2))
          .containsExactly(added(result.objects().get(0)), added(result.objects().get(1)));
    }
  }

  @Test
  void batchIsVisibleToReadersAllAtOnce() throws Exception {
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> writes =
          writer.submit(
              () -> {
                for (int n = 1; n <= 100; n++) {
                  ex.commit(
                      WriteBatch.of(
                          "cast",
                          Write.upsert(ORDER, json("{'n':" + n + "}")),
                          Write.upsert(SHIPMENT, json("{'n':" + n + "}"))));
                }
              });
      int observed = 0;
      while (!writes.isDone()) {
        var order = ex.get(ORDER);
        var shipment = ex.get(SHIPMENT);
        if (order.isPresent()) {
          observed++;
          assertThat(shipment).as("shipment written in the same batch as %s", order).isPresent();
          assertThat(shipment.get().data().get("n").asInt())
              .as("shipment read after order %s", order.get().data())
              .isGreaterThanOrEqualTo(order.get().data().get("n").asInt());
        }
      }
      writes.get();
      assertThat(observed).as("reads made while the batches were committing").isPositive();
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void oversizeDocumentIsRefusedAndNothingIsStored() {
    ObjectNode big = Json.object().put("blob", "x".repeat(DocumentLimits.MAX_BYTES));

    assertThatThrownBy(() -> commit("alice", Write.create(ORDER, big)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).isEmpty();
    assertThat(ex.currentVersion()).isZero();
  }

  @Test
  void patchThatGrowsADocumentBeyondTheLimitIsRefused() {
    String half = "x".repeat(DocumentLimits.MAX_BYTES / 2 + 16);
    StoredObject created = commit("alice", Write.create(ORDER, Json.object().put("a", half)));

    assertThatThrownBy(
            () ->
                commit("bob", Write.patch(ORDER, Write.ANY_VERSION, Json.object().put("b", half))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).contains(created);
    assertThat(ex.currentVersion()).isEqualTo(created.resourceVersion());
  }

  @Test
  void tooDeepDocumentIsRefusedAndNothingIsStored() {
    ObjectNode deep = Json.object();
    ObjectNode cursor = deep;
    for (int level = 0; level < DocumentLimits.MAX_DEPTH; level++) {
      cursor = cursor.putObject("x");
    }

    assertThatThrownBy(() -> commit("alice", Write.create(ORDER, deep)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).isEmpty();
    assertThat(ex.currentVersion()).isZero();
  }

  @Test
  void documentAtTheDepthLimitIsStored() {
    ObjectNode deep = Json.object();
    ObjectNode cursor = deep;
    for (int level = 1; level < DocumentLimits.MAX_DEPTH; level++) {
      cursor = cursor.putObject("x");
    }

    StoredObject created = commit("alice", Write.create(ORDER, deep));

    assertThat(ex.get(ORDER)).contains(created);
  }

  @Test
  void batchWithOneOversizeDocumentStoresNothing() {
    ObjectNode big = Json.object().put("blob", "x".repeat(DocumentLimits.MAX_BYTES));

    assertThatThrownBy(
            () ->
                ex.commit(
                    new WriteBatch(
                        "cast",
                        List.of(
                            Write.create(ORDER, json("{'n':1}")), Write.create(SHIPMENT, big)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(SHIPMENT.toString());

    assertThat(ex.get(ORDER)).isEmpty();
    assertThat(ex.currentVersion()).isZero();
  }
}
