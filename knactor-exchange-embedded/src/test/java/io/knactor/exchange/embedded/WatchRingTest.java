package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches over a small event ring: a watch that falls out of the ring reads the change log without
 * a gap or a duplicate, its overflow counts events wherever they come from, catch-up does not
 * count, and many parked watches (woken by the dispatcher, in waves) each receive exactly their
 * events, even when one of them stops polling after its wake-up.
 */
class WatchRingTest {
  private static final StoreRef CHECKOUT = StoreRef.parse("Shop/v1/Checkout/checkout-a");
  private static final StoreRef PAYMENT = StoreRef.parse("Shop/v1/Payment/payment-a");
  private static final EmbeddedOptions OPTIONS = EmbeddedOptions.defaults().withSyncWrites(false);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void liveWatchThatFellOutOfTheRingReadsTheChangeLogWithoutGapOrDuplicate() throws Exception {
    try (EmbeddedObjectExchange ex = open(4)) {
      write(ex, CHECKOUT, 3);
      try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), ex.currentVersion()))) {
        assertThat(versions(watch, 0)).isEmpty();
        for (int n = 0; n < 50; n++) {
          write(ex, n % 3 == 0 ? PAYMENT : CHECKOUT, 1);
        }

        assertThat(versions(watch, 50)).containsExactlyElementsOf(range(4, 53));
        write(ex, CHECKOUT, 1);
        assertThat(versions(watch, 1)).containsExactly(54L);
      }
    }
  }

  @Test
  void watchOfAQuietStoreOutlivesTheRetentionOfOtherStoresChanges() throws Exception {
    EmbeddedOptions retaining10 = OPTIONS.withChangeLogRetention(10);
    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir, retaining10, 16, 1 << 20, 1);
        Watch idle = ex.watch(WatchRequest.of(PAYMENT, null, ex.currentVersion()));
        Watch parked = ex.watch(WatchRequest.of(PAYMENT, null, ex.currentVersion()))) {
      List<Thread> poller = new CopyOnWriteArrayList<>();
      CompletableFuture<WatchEvent> parkedPoll =
          CompletableFuture.supplyAsync(
              () -> {
                poller.add(Thread.currentThread());
                return pollOnce(parked);
              },
              daemons());
      await()
          .until(() -> !poller.isEmpty() && poller.get(0).getState() == Thread.State.TIMED_WAITING);

      write(ex, CHECKOUT, 200);
      write(ex, PAYMENT, 1);

      assertThat(parkedPoll.get(WAIT.toSeconds(), TimeUnit.SECONDS).resourceVersion())
          .isEqualTo(201);
      assertThat(versions(idle, 1)).containsExactly(201L);
    }
  }

  @Test
  void overflowCountsEventsReadFromTheChangeLog() throws Exception {
    try (EmbeddedObjectExchange ex = open(4)) {
      try (Watch watch =
          ex.watch(new WatchRequest(Set.of(CHECKOUT), null, ex.currentVersion(), 10))) {
        write(ex, PAYMENT, 30);
        write(ex, CHECKOUT, 10);
        assertThat(versions(watch, 10)).containsExactlyElementsOf(range(31, 40));

        write(ex, CHECKOUT, 11);
        assertThat(catchThrowable(() -> watch.poll(WAIT)))
            .isInstanceOf(WatchOverflowException.class)
            .hasMessageContaining("queueCapacity 10");
        assertThat(catchThrowable(() -> watch.poll(WAIT)))
            .isInstanceOf(WatchOverflowException.class);
      }
    }
  }

  @Test
  void catchingUpIsNotCountedAgainstTheQueueCapacityButLiveEventsAre() throws Exception {
    try (EmbeddedObjectExchange ex = open(8)) {
      write(ex, CHECKOUT, 20);
      try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), 0).withQueueCapacity(3))) {
        assertThat(versions(watch, 20)).containsExactlyElementsOf(range(1, 20));
        write(ex, CHECKOUT, 3);
        assertThat(versions(watch, 3)).containsExactlyElementsOf(range(21, 23));

        write(ex, CHECKOUT, 4);
        assertThat(catchThrowable(() -> watch.poll(WAIT)))
            .isInstanceOf(WatchOverflowException.class);
      }
    }
  }

  @Test
  void manyParkedWatchesEachReceiveExactlyTheirEventsInOrder() throws Exception {
    int watchers = 150;
    int writes = 60;
    try (EmbeddedObjectExchange ex = open(16)) {
      long from = ex.currentVersion();
      List<CompletableFuture<List<Long>>> received =
          collectors(ex, watchers, i -> i % 2 == 0 ? CHECKOUT : PAYMENT, writes / 2, WAIT);
      for (int n = 0; n < writes; n++) {
        write(ex, n % 2 == 0 ? CHECKOUT : PAYMENT, 1);
      }

      for (int i = 0; i < watchers; i++) {
        long first = from + 1 + i % 2;
        List<Long> expected = new ArrayList<>();
        for (long v = first; v <= from + writes; v += 2) {
          expected.add(v);
        }
        assertThat(received.get(i).get(30, TimeUnit.SECONDS))
            .as("watcher %d", i)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aWatcherThatStopsPollingAfterItsWakeUpDoesNotHoldBackTheOthers() throws Exception {
    CountDownLatch othersDone = new CountDownLatch(1);
    int writes = 20;
    try (EmbeddedObjectExchange ex = open(16)) {
      long from = ex.currentVersion();
      // More watches than the writer wakes itself and than one wave, so the dispatcher wakes
      // them in several waves, the first holding the watcher that stops polling.
      Watch stopping = ex.watch(WatchRequest.of(CHECKOUT, null, from));
      CompletableFuture<WatchEvent> stoppingFirst =
          CompletableFuture.supplyAsync(
              () -> {
                WatchEvent first = pollOnce(stopping);
                awaitQuietly(othersDone);
                return first;
              },
              daemons());
      // Polls that outlast the wait below, so only a wake-up delivers in time.
      List<CompletableFuture<List<Long>>> received =
          collectors(ex, 11, i -> CHECKOUT, writes, WAIT.multipliedBy(6));

      for (int n = 0; n < writes; n++) {
        write(ex, CHECKOUT, 1);
      }

      for (CompletableFuture<List<Long>> watcher : received) {
        assertThat(watcher.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS))
            .containsExactlyElementsOf(range(from + 1, from + writes));
      }
      othersDone.countDown();
      assertThat(stoppingFirst.get(30, TimeUnit.SECONDS).resourceVersion()).isEqualTo(from + 1);
      stopping.close();
    }
  }

  @Test
  void closingTheExchangeEndsPollsParkedUnderTheDispatcher() throws Exception {
    EmbeddedObjectExchange ex = open(16);
    List<CompletableFuture<WatchEvent>> polls = new ArrayList<>();
    List<Thread> pollers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 20; i++) {
      Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), ex.currentVersion()));
      polls.add(
          CompletableFuture.supplyAsync(
              () -> {
                pollers.add(Thread.currentThread());
                return pollOnce(watch);
              },
              daemons()));
    }
    await()
        .until(
            () ->
                pollers.size() == 20
                    && pollers.stream()
                        .allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING));

    ex.close();

    for (CompletableFuture<WatchEvent> poll : polls) {
      Throwable thrown = catchThrowable(() -> poll.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertThat(thrown).isInstanceOf(ExecutionException.class);
      assertThat(thrown.getCause()).isInstanceOf(UnavailableException.class);
    }
  }

  private EmbeddedObjectExchange open(int ringEvents) {
    return EmbeddedObjectExchange.open(dir, OPTIONS, ringEvents, 1 << 20, 1 << 20);
  }

  private static void write(EmbeddedObjectExchange ex, StoreRef store, int count) {
    for (int n = 0; n < count; n++) {
      ex.commit(
          "p", Write.upsert(new ObjectKey(store, "Order", "o" + n), Json.object().put("n", n)));
    }
  }

  private static List<Long> versions(Watch watch, int count) throws InterruptedException {
    return versions(watch, count, WAIT);
  }

  private static List<Long> versions(Watch watch, int count, Duration poll)
      throws InterruptedException {
    List<Long> versions = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      WatchEvent event = watch.poll(poll);
      assertThat(event).as("event %d of %d", n + 1, count).isNotNull();
      versions.add(event.resourceVersion());
    }
    assertThat(watch.poll(Duration.ZERO)).as("an event beyond the %d expected", count).isNull();
    return versions;
  }

  /**
   * Opens {@code watchers} watches from the current version, watch {@code i} on {@code store(i)},
   * each collecting {@code count} events on its own thread with polls of {@code poll}.
   */
  private static List<CompletableFuture<List<Long>>> collectors(
      EmbeddedObjectExchange ex,
      int watchers,
      IntFunction<StoreRef> store,
      int count,
      Duration poll) {
    long from = ex.currentVersion();
    List<CompletableFuture<List<Long>>> collectors = new ArrayList<>();
    for (int i = 0; i < watchers; i++) {
      Watch watch = ex.watch(WatchRequest.of(store.apply(i), null, from));
      collectors.add(CompletableFuture.supplyAsync(() -> collect(watch, count, poll), daemons()));
    }
    return collectors;
  }

  private static List<Long> collect(Watch watch, int count, Duration poll) {
    try (watch) {
      return versions(watch, count, poll);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WatchEvent pollOnce(Watch watch) {
    try {
      return watch.poll(WAIT.multipliedBy(6));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One thread per watch, so every watch can be parked at once. */
  private static java.util.concurrent.Executor daemons() {
    return command -> {
      Thread thread = new Thread(command);
      thread.setDaemon(true);
      thread.start();
    };
  }

  private static List<Long> range(long first, long last) {
    List<Long> range = new ArrayList<>();
    for (long v = first; v <= last; v++) {
      range.add(v);
    }
    return range;
  }
}
