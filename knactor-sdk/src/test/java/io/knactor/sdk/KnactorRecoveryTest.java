package io.knactor.sdk;

import static io.knactor.sdk.KnactorEventsTest.SHOP;
import static io.knactor.sdk.KnactorEventsTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnactorRecoveryTest {
  private static final Backoff FAST = Backoff.of(Duration.ofMillis(5), Duration.ofMillis(50));

  @TempDir Path dir;
  private Knactor knactor;
  private ObjectExchange toClose;

  @AfterEach
  void closeAll() {
    if (knactor != null) {
      knactor.close();
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  private Knactor start(Knactor.Builder builder) throws InterruptedException {
    knactor = builder.reconnectBackoff(FAST).failureBackoff(FAST).build();
    knactor.start();
    assertThat(knactor.awaitSynced(Duration.ofSeconds(10))).isTrue();
    return knactor;
  }

  private static ObjectKey order(String name) {
    return new ObjectKey(SHOP, "Order", name);
  }

  private static Map<String, Long> storedVersions(ObjectExchange exchange) {
    return Recorder.versions(exchange.list(ListRequest.of(SHOP, "Order")).items());
  }

  /** Makes creations, modifications and deletions, some of objects the handler has seen. */
  private static void churn(ObjectExchange exchange) {
    for (int i = 0; i < 10; i++) {
      exchange.commit("test", Write.create(order("o-" + i), data("cost", i)));
    }
    for (int i = 0; i < 5; i++) {
      exchange.commit("test", Write.patch(order("o-" + i), Write.ANY_VERSION, data("cost", 100)));
    }
    for (int i = 5; i < 8; i++) {
      exchange.commit("test", Write.delete(order("o-" + i), Write.ANY_VERSION));
    }
    exchange.commit("test", Write.delete(order("seen-1"), Write.ANY_VERSION));
    exchange.commit("test", Write.patch(order("seen-2"), Write.ANY_VERSION, data("cost", 7)));
  }

  /**
   * Records every call; the call for the order "blocker" first counts {@code blocked} down and
   * waits for {@code release}, so the knactor's watch falls behind meanwhile.
   */
  private static Reconciler blockingOnBlocker(
      Recorder recorder, CountDownLatch blocked, CountDownLatch release) {
    return (ctx, event) -> {
      if (event.name().equals("blocker")) {
        blocked.countDown();
        release.await();
      }
      return recorder.reconcile(ctx, event);
    };
  }

  @Test
  void watchOverflowLeadsToARelistThatLosesNoUpdate() throws Exception {
    ObjectExchange exchange = EmbeddedObjectExchange.open(dir);
    toClose = exchange;
    exchange.commit("test", Write.create(order("seen-1"), data("cost", 1)));
    exchange.commit("test", Write.create(order("seen-2"), data("cost", 2)));
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder recorder = new Recorder();
    start(
        Knactor.builder(SHOP, exchange)
            .watchQueueCapacity(2)
            .on("Order", blockingOnBlocker(recorder, blocked, release)));

    exchange.commit("test", Write.create(order("blocker"), data("cost", 0)));
    blocked.await();
    churn(exchange);
    release.countDown();

    await().until(() -> recorder.believedVersions().equals(storedVersions(exchange)));
    assertThat(recorder.events).extracting(Event::cause).contains(Event.Cause.RELIST);
    assertThat(recorder.calls()).contains("DELETED seen-1", "MODIFIED seen-2");
  }

  @Test
  void overflowOfTheWatchOfSeveralKindsRelistsEveryKind() throws Exception {
    ObjectExchange exchange = EmbeddedObjectExchange.open(dir);
    toClose = exchange;
    exchange.commit("test", Write.create(order("seen-1"), data("cost", 1)));
    exchange.commit("test", Write.create(order("seen-2"), data("cost", 2)));
    ObjectKey seenInvoice = new ObjectKey(SHOP, "Invoice", "seen-i");
    exchange.commit("test", Write.create(seenInvoice, data("cost", 1)));
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder orders = new Recorder();
    Recorder invoices = new Recorder();
    start(
        Knactor.builder(SHOP, exchange)
            .watchQueueCapacity(2)
            .on("Invoice", invoices)
            .on("Order", blockingOnBlocker(orders, blocked, release)));

    exchange.commit("test", Write.create(order("blocker"), data("cost", 0)));
    blocked.await();
    churn(exchange);
    exchange.commit("test", Write.patch(seenInvoice, Write.ANY_VERSION, data("cost", 2)));
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Invoice", "i-1"), data("cost", 3)));
    release.countDown();

    await().until(() -> orders.believedVersions().equals(storedVersions(exchange)));
    await()
        .until(
            () ->
                invoices
                    .believedVersions()
                    .equals(
                        Recorder.versions(exchange.list(ListRequest.of(SHOP, "Invoice")).items())));
    assertThat(orders.events).extracting(Event::cause).contains(Event.Cause.RELIST);
    assertThat(invoices.calls()).contains("MODIFIED seen-i", "ADDED i-1");
  }

  @Test
  void expiredWatchLeadsToARelistThatLosesNoUpdate() throws Exception {
    RestartableExchange connection =
        new RestartableExchange(
            () ->
                EmbeddedObjectExchange.open(
                    dir, EmbeddedOptions.defaults().withChangeLogRetention(3)));
    toClose = connection;
    connection.exchange().commit("test", Write.create(order("seen-1"), data("cost", 1)));
    connection.exchange().commit("test", Write.create(order("seen-2"), data("cost", 2)));
    Recorder recorder = new Recorder();
    start(Knactor.builder(SHOP, connection).on("Order", recorder));

    connection.cutWatches();
    churn(connection.exchange());
    connection.restoreWatches();

    await().until(() -> recorder.believedVersions().equals(storedVersions(connection.exchange())));
    assertThat(recorder.events).extracting(Event::cause).contains(Event.Cause.RELIST);
    assertThat(recorder.calls()).contains("DELETED seen-1", "MODIFIED seen-2", "ADDED o-9");
    assertThat(recorder.calls()).doesNotContain("ADDED o-5");
  }

  @Test
  void watchResumesAfterTheExchangeRestartsWithoutLosingOrRepeatingChanges() throws Exception {
    RestartableExchange connection =
        new RestartableExchange(() -> EmbeddedObjectExchange.open(dir));
    toClose = connection;
    Recorder recorder = new Recorder();
    start(Knactor.builder(SHOP, connection).on("Order", recorder));
    connection.exchange().commit("test", Write.create(order("seen-1"), data("cost", 1)));
    connection.exchange().commit("test", Write.create(order("seen-2"), data("cost", 2)));
    await().until(() -> recorder.events.size() == 2);

    connection.takeDown();
    await().until(() -> connection.refusedWhileDown() >= 2);
    connection.bringUp();
    churn(connection.exchange());

    await().until(() -> recorder.believedVersions().equals(storedVersions(connection.exchange())));
    Map<String, Long> callsPerVersion =
        recorder.events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.name() + "@" + e.resourceVersion(), Collectors.counting()));
    assertThat(callsPerVersion.values()).containsOnly(1L);
  }

  @Test
  void knactorStartedOnAReopenedExchangeHandlesTheDurableState() throws Exception {
    ObjectExchange first = EmbeddedObjectExchange.open(dir);
    first.commit("test", Write.create(order("seen-1"), data("cost", 1)));
    first.commit("test", Write.create(order("seen-2"), data("cost", 2)));
    churn(first);
    Map<String, Long> before = storedVersions(first);
    first.close();

    ObjectExchange reopened = EmbeddedObjectExchange.open(dir);
    toClose = reopened;
    Recorder recorder = new Recorder();
    start(Knactor.builder(SHOP, reopened).on("Order", recorder));

    assertThat(recorder.believedVersions()).isEqualTo(before);
    assertThat(recorder.events).extracting(Event::cause).containsOnly(Event.Cause.LIST);
  }
}
