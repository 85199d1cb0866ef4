package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Watches: catch-up from a list, live delivery, filters, expiry, overflow and close. */
public abstract class WatchConformance extends ReadConformance {
  private static final ObjectKey A = key(CHECKOUT, "Order", "a");
  private static final ObjectKey B = key(CHECKOUT, "Order", "b");
  private static final ObjectKey C = key(CHECKOUT, "Order", "c");

  @Test
  void watchFromAListVersionDeliversExactlyTheLaterChangesInOrder() throws Exception {
    create(A, "{'n':1}");
    create(B, "{'n':1}");
    ObjectList list = ex.list(ListRequest.of(CHECKOUT, "Order"));
    StoredObject c = create(C, "{'n':1}");
    StoredObject a = commit("bob", Write.patch(A, Write.ANY_VERSION, json("{'n':2}")));
    StoredObject b = commit("bob", Write.delete(B, Write.ANY_VERSION));

    try (Watch watch = ex.watch(WatchRequest.of(CHECKOUT, "Order", list.resourceVersion()))) {
      List<WatchEvent> events = take(watch, 3);
      StoredObject sentinel = create(key(CHECKOUT, "Order", "sentinel"), "{}");

      assertThat(events).containsExactly(added(c), modified(a), deleted(b));
      assertThat(take(watch, 1)).containsExactly(added(sentinel));
    }
  }

  @Test
  void watchDeliversChangesMadeAfterItOpened() throws Exception {
    try (Watch watch = ex.watch(WatchRequest.of(CHECKOUT, "Order", ex.currentVersion()))) {
      StoredObject created = create(A, "{'n':1}");
      StoredObject replaced =
          commit("bob", Write.replace(A, created.resourceVersion(), json("{'n':2}")));
      StoredObject gone = commit("bob", Write.delete(A, replaced.resourceVersion()));

      assertThat(take(watch, 3)).containsExactly(added(created), modified(replaced), deleted(gone));
    }
  }

  @Test
  void watchFilteredByStoresAndKindDeliversOnlyMatchingChanges() throws Exception {
    long from = ex.currentVersion();
    StoredObject checkoutOrder = create(key(CHECKOUT, "Order", "x"), "{}");
    create(key(CHECKOUT, "Cart", "x"), "{}");
    create(key(PAYMENT, "Order", "x"), "{}");
    StoredObject shippingOrder = create(key(SHIPPING, "Order", "x"), "{}");
    create(key(SHIPPING, "Shipment", "x"), "{}");

    try (Watch watch = ex.watch(new WatchRequest(Set.of(CHECKOUT, SHIPPING), "Order", from, 100))) {
      List<WatchEvent> events = take(watch, 2);
      create(key(PAYMENT, "Order", "y"), "{}");
      StoredObject sentinel = create(key(CHECKOUT, "Order", "y"), "{}");

      assertThat(events).containsExactly(added(checkoutOrder), added(shippingOrder));
      assertThat(take(watch, 1)).containsExactly(added(sentinel));
    }
  }

  @Test
  void watchFromAVersionOlderThanTheRetainedHistoryIsExpired() {
    for (int n = 0; n < 5; n++) {
      create(key(CHECKOUT, "Order", "o" + n), "{}");
    }
    long compacted = ex.currentVersion() - 1;
    compactUpTo(ex, compacted);

    Throwable thrown =
        catchThrowable(
            () -> {
              try (Watch watch = ex.watch(WatchRequest.of(CHECKOUT, null, compacted - 2))) {
                watch.poll(WAIT);
              }
            });

    assertThat(thrown).isInstanceOf(ExpiredException.class);
  }

  @Test
  void watchFromTheCompactionPointStillDeliversLaterChanges() throws Exception {
    for (int n = 0; n < 4; n++) {
      create(key(CHECKOUT, "Order", "o" + n), "{}");
    }
    long compacted = ex.currentVersion();
    StoredObject later = create(key(CHECKOUT, "Order", "later"), "{}");
    compactUpTo(ex, compacted);

    try (Watch watch = ex.watch(WatchRequest.of(CHECKOUT, null, compacted))) {
      assertThat(take(watch, 1)).containsExactly(added(later));
    }
  }

  @Test
  void slowWatcherIsCutOffWithOverflowWhileAnotherReceivesEverything() throws Exception {
    long from = ex.currentVersion();
    try (Watch slow = ex.watch(WatchRequest.ofStores(Set.of(), from).withQueueCapacity(2));
        Watch fast = ex.watch(WatchRequest.ofStores(Set.of(), from))) {
      List<WatchEvent> expected = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        expected.add(added(create(key(CHECKOUT, "Order", "o" + n), "{}")));
      }

      assertThat(take(fast, 10)).containsExactlyElementsOf(expected);
      Throwable thrown = catchThrowable(() -> take(slow, 10));
      assertThat(thrown).isInstanceOf(WatchOverflowException.class);
    }
  }

  @Test
  void closingTheExchangeEndsABlockedPollWithUnavailable() throws Exception {
    Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), ex.currentVersion()));
    AtomicReference<Thread> poller = new AtomicReference<>();
    CompletableFuture<WatchEvent> poll =
        CompletableFuture.supplyAsync(
            () -> {
              poller.set(Thread.currentThread());
              try {
                return watch.poll(WAIT.multipliedBy(6));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .until(
            () ->
                poller.get() != null
                    && Set.of(Thread.State.WAITING, Thread.State.TIMED_WAITING)
                        .contains(poller.get().getState()));

    ex.close();

    Throwable thrown = catchThrowable(() -> poll.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(UnavailableException.class);
  }

  @Test
  void pollOfAClosedWatchIsUnavailable() {
    Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), ex.currentVersion()));

    watch.close();

    assertThat(catchThrowable(() -> watch.poll(WAIT))).isInstanceOf(UnavailableException.class);
  }
}
