package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.knactor.core.error.NotFoundException;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reads: get, consistent lists with selectors, and per-object history. */
public abstract class ReadConformance extends BatchConformance {
  private static final ObjectKey ORDER = key(CHECKOUT, "Order", "o-1");

  @Test
  void getOfAMissingObjectIsEmpty() {
    assertThat(ex.get(ORDER)).isEmpty();
  }

  @Test
  void listReturnsOneStoreOrderedByKindThenName() {
    StoredObject zetaB = create(key(CHECKOUT, "Zeta", "b"), "{}");
    StoredObject alphaB = create(key(CHECKOUT, "Alpha", "b"), "{}");
    StoredObject alphaA = create(key(CHECKOUT, "Alpha", "a"), "{}");
    StoredObject beta = create(key(CHECKOUT, "Beta", "x"), "{}");
    StoredObject alphaA1 = create(key(CHECKOUT, "Alpha", "a.1"), "{}");
    create(key(SHIPPING, "Alpha", "a"), "{}");

    ObjectList list = ex.list(ListRequest.all(CHECKOUT));

    assertThat(list.items()).containsExactly(alphaA, alphaA1, alphaB, beta, zetaB);
  }

  @Test
  void listOfOneKindReturnsOnlyThatKind() {
    StoredObject a = create(key(CHECKOUT, "Order", "a"), "{}");
    create(key(CHECKOUT, "OrderLine", "a"), "{}");
    create(key(CHECKOUT, "Cart", "a"), "{}");
    StoredObject b = create(key(CHECKOUT, "Order", "b"), "{}");

    assertThat(ex.list(ListRequest.of(CHECKOUT, "Order")).items()).containsExactly(a, b);
  }

  @Test
  void listWithALabelSelectorReturnsObjectsCarryingEverySelectedLabel() {
    StoredObject both = labelled("a", Map.of("tier", "gold", "region", "eu", "x", "y"));
    labelled("b", Map.of("tier", "gold"));
    labelled("c", Map.of("tier", "silver", "region", "eu"));
    StoredObject alsoBoth = labelled("d", Map.of("tier", "gold", "region", "eu"));

    ObjectList list =
        ex.list(new ListRequest(CHECKOUT, "Order", Map.of("tier", "gold", "region", "eu")));

    assertThat(list.items()).containsExactly(both, alsoBoth);
  }

  @Test
  void listCarriesTheVersionItWasTakenAt() {
    create(key(CHECKOUT, "Order", "a"), "{}");
    create(key(SHIPPING, "Shipment", "a"), "{}");

    assertThat(ex.list(ListRequest.all(CHECKOUT)).resourceVersion()).isEqualTo(ex.currentVersion());
  }

  @Test
  void listIsAConsistentSnapshotUnderConcurrentBatches() throws Exception {
    ObjectKey left = key(CHECKOUT, "Account", "left");
    ObjectKey right = key(CHECKOUT, "Account", "right");
    ex.commit(
        WriteBatch.of(
            "bank",
            Write.create(left, json("{'balance':0}")),
            Write.create(right, json("{'balance':0}"))));
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> transfers =
          writer.submit(
              () -> {
                for (int n = 1; n <= 100; n++) {
                  ex.commit(
                      WriteBatch.of(
                          "bank",
                          Write.replace(left, Write.ANY_VERSION, json("{'balance':" + n + "}")),
                          Write.replace(right, Write.ANY_VERSION, json("{'balance':" + -n + "}"))));
                }
              });
      while (!transfers.isDone()) {
        ObjectList list = ex.list(ListRequest.of(CHECKOUT, "Account"));
        assertThat(list.items()).hasSize(2);
        int sum = list.items().stream().mapToInt(o -> o.data().get("balance").asInt()).sum();
        assertThat(sum).as("balances in %s", list).isZero();
        assertThat(list.items())
            .allSatisfy(
                o -> assertThat(o.resourceVersion()).isLessThanOrEqualTo(list.resourceVersion()));
      }
      transfers.get();
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void historyRecordsEachVersionWithPrincipalTimeLabelsDataAndAnnotations() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    StoredObject created =
        commit(
            "alice",
            Write.create(ORDER, json("{'cost':1}"))
                .withLabels(Map.of("tier", "gold"))
                .withAnnotations(Map.of("knactor.io/source", "Shop/v1/Cart/cart-a@7")));
    StoredObject patched = commit("bob", Write.patch(ORDER, Write.ANY_VERSION, json("{'cost':2}")));

    List<ObjectRevision> history = ex.history(ORDER);

    assertThat(history)
        .extracting(
            ObjectRevision::resourceVersion,
            ObjectRevision::type,
            ObjectRevision::principal,
            ObjectRevision::labels,
            ObjectRevision::data,
            ObjectRevision::annotations)
        .containsExactly(
            tuple(
                created.resourceVersion(),
                EventType.ADDED,
                "alice",
                Map.of("tier", "gold"),
                json("{'cost':1}"),
                Map.of("knactor.io/source", "Shop/v1/Cart/cart-a@7")),
            tuple(
                patched.resourceVersion(),
                EventType.MODIFIED,
                "bob",
                Map.of("tier", "gold"),
                json("{'cost':2}"),
                Map.of()));
    assertThat(history)
        .allSatisfy(
            revision ->
                assertThat(revision.time())
                    .isBetween(start, Instant.now().plus(1, ChronoUnit.MINUTES)));
    assertThat(history.get(1).time()).isAfterOrEqualTo(history.get(0).time());
  }

  @Test
  void historyKeepsTheDeletionAndALaterRecreation() {
    StoredObject created = create(ORDER, "{'v':1}");
    StoredObject deleted = commit("bob", Write.delete(ORDER, Write.ANY_VERSION));
    StoredObject recreated = commit("carol", Write.create(ORDER, json("{'v':2}")));

    List<ObjectRevision> history = ex.history(ORDER);

    assertThat(history)
        .extracting(
            ObjectRevision::resourceVersion, ObjectRevision::type, ObjectRevision::principal)
        .containsExactly(
            tuple(created.resourceVersion(), EventType.ADDED, "alice"),
            tuple(deleted.resourceVersion(), EventType.DELETED, "bob"),
            tuple(recreated.resourceVersion(), EventType.ADDED, "carol"));
    assertThat(history.get(1).data())
        .as("a deletion records the last state")
        .isEqualTo(json("{'v':1}"));
    assertThat(history.get(2).data()).isEqualTo(json("{'v':2}"));
  }

  @Test
  void historyIsBoundedToTheNewestVersionsOldestFirst() {
    create(ORDER, "{'n':0}");
    int writes = historyLimit() + 3;
    long[] versions = new long[writes];
    versions[0] = ex.currentVersion();
    for (int n = 1; n < writes; n++) {
      versions[n] =
          commit("bob", Write.replace(ORDER, Write.ANY_VERSION, json("{'n':" + n + "}")))
              .resourceVersion();
    }

    List<ObjectRevision> history = ex.history(ORDER);

    assertThat(history).hasSize(historyLimit());
    assertThat(history)
        .extracting(ObjectRevision::resourceVersion)
        .containsExactlyElementsOf(
            Arrays.stream(versions, writes - historyLimit(), writes).boxed().toList());
    assertThat(history.get(history.size() - 1).data())
        .isEqualTo(json("{'n':" + (writes - 1) + "}"));
  }

  @Test
  void historyOfAnObjectNeverWrittenIsNotFound() {
    create(key(CHECKOUT, "Order", "other"), "{}");

    assertThatThrownBy(() -> ex.history(ORDER))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(ORDER.toString());
  }

  private StoredObject labelled(String name, Map<String, String> labels) {
    return commit(
        "alice", Write.create(key(CHECKOUT, "Order", name), json("{}")).withLabels(labels));
  }
}
