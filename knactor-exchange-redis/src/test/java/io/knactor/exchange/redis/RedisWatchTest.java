package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour of the Redis watch and change stream beyond the conformance suite. */
class RedisWatchTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final StoreRef SHIPPING = StoreRef.parse("Shop/v1/Shipping/shipping-a");

  private RedisObjectExchange ex;

  @AfterEach
  void close() {
    ex.close();
  }

  @Test
  void catchingUpOnMoreOldChangesThanTheQueueHoldsIsPacedNotCutOff() throws Exception {
    ex = open(RedisOptions.DEFAULT_CHANGE_LOG_RETENTION);
    int changes = commitMany(1_500);

    try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), 0).withQueueCapacity(10))) {
      assertThat(WatchEvents.take(watch, changes, WAIT))
          .extracting(WatchEvent::resourceVersion)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, changes).boxed().toList());
    }
  }

  @Test
  void commitsTrimTheChangeStreamToTheRetention() throws Exception {
    ex = open(10);
    for (int n = 0; n < 30; n++) {
      ex.commit("alice", Write.upsert(order("o"), Json.object().put("n", n)));
    }
    long current = ex.currentVersion();

    assertThatThrownBy(() -> ex.watch(WatchRequest.ofStores(Set.of(), 0)))
        .isInstanceOf(ExpiredException.class)
        .hasMessageStartingWith("watch from resourceVersion 0 is too old");
    try (Watch recent = ex.watch(WatchRequest.ofStores(Set.of(), current - 10))) {
      assertThat(WatchEvents.take(recent, 10, WAIT))
          .extracting(WatchEvent::resourceVersion)
          .containsExactlyElementsOf(LongStream.rangeClosed(current - 9, current).boxed().toList());
    }
  }

  @Test
  void aWatchThatFallsBehindATrimEndsExpiredInsteadOfSkippingChanges() throws Exception {
    ex = open(RedisOptions.DEFAULT_CHANGE_LOG_RETENTION);
    int changes = commitMany(1_500);
    try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), 0))) {
      List<WatchEvent> received = new ArrayList<>(WatchEvents.take(watch, 1, WAIT));
      ex.trimChangeLog(changes - 100);

      Throwable thrown = pollUntilExpired(watch, received);

      assertThat(thrown).hasMessageContaining("is too old");
      assertThat(received)
          .extracting(WatchEvent::resourceVersion)
          .as("the changes read before the trim, with no gap")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, received.size()).boxed().toList())
          .allSatisfy(version -> assertThat(version).isLessThan(changes - 100));
    }
  }

  @Test
  void aWatchOfOneStoreReadsItsStoresChangesInOrderAndEndsExpiredWhenTrimmedPast()
      throws Exception {
    ex = open(RedisOptions.DEFAULT_CHANGE_LOG_RETENTION);
    List<Long> ofStore = new ArrayList<>();
    // Batches that write both stores: the watch of one must not wait for or see the other. More
    // of the store's changes than the watch reads ahead (two reads of 512), so the trim below
    // always falls past what it read.
    for (int n = 0; n < 3_000; n += 100) {
      List<Write> writes = new ArrayList<>();
      for (int i = n; i < n + 100; i += 2) {
        writes.add(Write.upsert(order("o" + i), Json.object().put("n", i)));
        writes.add(Write.upsert(shipment("s" + i), Json.object().put("n", i)));
      }
      var result = ex.commit(new WriteBatch("alice", writes));
      for (int i = 1; i < writes.size(); i += 2) {
        ofStore.add(result.objects().get(i).resourceVersion());
      }
    }
    try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(SHIPPING), 0))) {
      List<WatchEvent> received = new ArrayList<>(WatchEvents.take(watch, 10, WAIT));
      ex.trimChangeLog(ofStore.get(ofStore.size() - 50));

      Throwable thrown = pollUntilExpired(watch, received);

      assertThat(thrown).hasMessageContaining("is too old");
      assertThat(received)
          .extracting(WatchEvent::resourceVersion)
          .as("the store's changes read before the trim, in order and with no gap")
          .containsExactlyElementsOf(ofStore.subList(0, received.size()));
    }
  }

  /** Polls {@code watch} into {@code received} until it ends expired; returns that error. */
  private static ExpiredException pollUntilExpired(Watch watch, List<WatchEvent> received)
      throws InterruptedException {
    while (true) {
      try {
        WatchEvent event = watch.poll(WAIT);
        assertThat(event).as("an event or the end of the watch").isNotNull();
        received.add(event);
      } catch (ExpiredException e) {
        return e;
      }
    }
  }

  /** Commits {@code count} changes in batches of 100; returns the count. */
  private int commitMany(int count) {
    for (int n = 0; n < count; n += 100) {
      List<Write> writes = new ArrayList<>();
      for (int i = n; i < n + 100; i++) {
        writes.add(Write.upsert(order("o" + i), Json.object().put("n", i)));
      }
      ex.commit(new WriteBatch("alice", writes));
    }
    return count;
  }

  private static RedisObjectExchange open(long retention) {
    return RedisObjectExchange.open(
        RedisServerProcess.shared()
            .options("watch-" + EXCHANGES.incrementAndGet())
            .withChangeLogRetention(retention));
  }

  private static ObjectKey shipment(String name) {
    return new ObjectKey(SHIPPING, "Shipment", name);
  }

  private static ObjectKey order(String name) {
    return ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", name);
  }
}
