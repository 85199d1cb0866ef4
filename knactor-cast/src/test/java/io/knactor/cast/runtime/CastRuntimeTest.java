package io.knactor.cast.runtime;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.eval.Provenance;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ForwardingObjectExchange;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The long-running runtime on the real embedded exchange (RocksDB in a temporary directory). */
class CastRuntimeTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  ObjectExchange exchange;
  CastRuntime runtime;

  @BeforeEach
  void open() {
    exchange = EmbeddedObjectExchange.open(dir);
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
    exchange.close();
  }

  @Test
  void sourceWriteFillsTargetsWithProvenanceAndStoresThePositionWithThem() {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    await().atMost(WAIT).until(() -> runtime.status().phase().equals("running"));

    StoredObject order = writeOrder("o-1", 1200, "EUR");

    StoredObject payment = await().atMost(WAIT).until(() -> get(payment("o-1")), o -> o != null);
    assertThat(Json.toString(payment.data())).isEqualTo("{\"amount\":1250.0,\"currency\":\"EUR\"}");
    ObjectRevision written = exchange.history(payment("o-1")).get(0);
    assertThat(written.principal()).isEqualTo("retail");
    Provenance provenance = Provenance.fromAnnotations(written.annotations()).orElseThrow();
    assertThat(provenance.revision()).isEqualTo(1);
    assertThat(provenance.fields().get("amount").sources())
        .containsEntry(order.key().toString(), order.resourceVersion());
    // The position of the change that caused the write was committed in the same batch.
    CastState state = CastState.load(exchange, "retail").orElseThrow();
    assertThat(state.position()).isGreaterThanOrEqualTo(order.resourceVersion());
    assertThat(exchange.history(CastState.keyOf("retail")))
        .anyMatch(
            r ->
                r.data().path("position").asLong() == order.resourceVersion()
                    && r.resourceVersion() - written.resourceVersion() <= 2
                    && r.resourceVersion() > written.resourceVersion());
  }

  @Test
  void resumesFromTheStoredPositionWithoutResyncOrRepeat() {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    writeOrder("o-1", 100, "USD");
    await().atMost(WAIT).until(() -> get(payment("o-1")) != null);
    runtime.close();

    writeOrder("o-2", 200, "USD");
    runtime = CastRuntime.start(exchange, Retail.compiled());

    await().atMost(WAIT).until(() -> get(payment("o-2")) != null);
    assertThat(runtime.status().resyncs()).isZero();
    assertThat(exchange.history(payment("o-1"))).hasSize(1);
    assertThat(exchange.history(shipment("o-2"))).hasSize(1);
  }

  @Test
  void changesThatArriveTogetherCommitInFewBatchesWithTheirPosition() {
    StoredObject last = fortyOrdersWhileStopped();

    // The watch from the stored position holds all 40 changes at once.
    runtime = CastRuntime.start(exchange, Retail.compiled());

    awaitPayments(40);
    // One commit per change would be 40; a round takes every change the watch holds.
    assertThat(runtime.status().commits()).isLessThan(20);
    awaitStoredPosition(last.resourceVersion());
    for (int i = 1; i <= 40; i++) {
      assertThat(exchange.history(payment("o-" + i))).hasSize(1);
      assertThat(exchange.history(shipment("o-" + i))).hasSize(1);
    }
  }

  @Test
  void changesReadingWhatTheRoundWritesJoinItsBatch() {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    await().atMost(WAIT).until(() -> runtime.status().phase().equals("running"));
    runtime.close();
    for (int i = 1; i <= 40; i++) {
      writeOrder("o-" + i, 100 + i, "USD");
      exchange.commit(
          "knactor-shipping",
          Write.upsert(
              shipment("o-" + i),
              Json.parseObject(
                  "{\"id\":\"s-" + i + "\",\"quote\":{\"price\":10,\"currency\":\"USD\"}}",
                  "shipment")));
      exchange.commit(
          "knactor-payment",
          Write.upsert(payment("o-" + i), Json.parseObject("{\"id\":\"p-" + i + "\"}", "payment")));
    }

    // Each shipment and payment change of o-i reads what the order change of o-i plans to write:
    // it sees it planned, in the same round, instead of committing the round first.
    runtime = CastRuntime.start(exchange, Retail.compiled());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (int i = 1; i <= 40; i++) {
                StoredObject order = get(order("o-" + i));
                assertThat(order.data().path("trackingID").asText()).isEqualTo("s-" + i);
                assertThat(order.data().path("paymentID").asText()).isEqualTo("p-" + i);
                assertThat(get(payment("o-" + i)).data().path("amount").asDouble())
                    .isEqualTo(150.0 + i);
              }
            });
    // One commit per key would be 40, one per change 120.
    assertThat(runtime.status().commits()).isLessThan(10);
    for (int i = 1; i <= 40; i++) {
      // The checkout's write, then one of the cast's.
      assertThat(exchange.history(order("o-" + i))).hasSize(2);
    }
  }

  @Test
  void aRoundThatConflictsIsEvaluatedAgainAsOneBatch() {
    StoredObject last = fortyOrdersWhileStopped();
    AtomicBoolean conflicted = new AtomicBoolean();
    ObjectExchange conflictingOnce =
        new ForwardingObjectExchange(exchange) {
          @Override
          public CommitResult commit(WriteBatch batch) {
            if (batch.writes().size() > 2 && conflicted.compareAndSet(false, true)) {
              throw new ConflictException("another writer moved an object of the round");
            }
            return delegate.commit(batch);
          }

          @Override
          public void close() {}
        };

    runtime = CastRuntime.start(conflictingOnce, Retail.compiled());

    awaitPayments(40);
    assertThat(conflicted).isTrue();
    // Committed one by one after the conflict, the 40 changes would take 40 commits.
    assertThat(runtime.status().commits()).isLessThan(20);
    awaitStoredPosition(last.resourceVersion());
    for (int i = 1; i <= 40; i++) {
      assertThat(exchange.history(payment("o-" + i))).hasSize(1);
    }
  }

  @Test
  void aConflictNamingAnObjectEvaluatesOnlyTheChangesOfItsKeyAgain() {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    writeOrder("o-1", 100, "EUR");
    StoredObject last = writeOrder("o-2", 100, "EUR");
    await().atMost(WAIT).until(() -> get(shipment("o-1")) != null && get(shipment("o-2")) != null);
    awaitStoredPosition(last.resourceVersion());
    runtime.close();
    // Shipping quotes both while the cast is stopped: on restart both changes make one round.
    quote("o-1", 30);
    last = quote("o-2", 40);
    Map<ObjectKey, Integer> reads = new ConcurrentHashMap<>();
    AtomicBoolean raced = new AtomicBoolean();
    ObjectExchange racing =
        new ForwardingObjectExchange(exchange) {
          @Override
          public Optional<StoredObject> get(ObjectKey key) {
            reads.merge(key, 1, Integer::sum);
            return delegate.get(key);
          }

          @Override
          public CommitResult commit(WriteBatch batch) {
            boolean writesBoth =
                batch.writes().stream().filter(w -> w.key().kind().equals("Order")).count() == 2;
            if (writesBoth && raced.compareAndSet(false, true)) {
              // Checkout changes o-1's currency, which its shippingCost reads, just before.
              delegate.commit(
                  "knactor-checkout",
                  Write.patch(
                      order("o-1"), Write.ANY_VERSION, Json.object().put("currency", "USD")));
            }
            return delegate.commit(batch);
          }

          @Override
          public void close() {}
        };

    runtime = CastRuntime.start(racing, Retail.compiled());

    awaitStoredPosition(last.resourceVersion());
    assertThat(raced).isTrue();
    assertThat(get(order("o-1")).data().path("shippingCost").asDouble()).isEqualTo(30.0);
    assertThat(get(order("o-2")).data().path("shippingCost").asDouble()).isEqualTo(20.0);
    // The conflict named o-1's order: o-2's evaluation was kept, its order read once.
    assertThat(reads.get(order("o-1"))).isEqualTo(2);
    assertThat(reads.get(order("o-2"))).isEqualTo(1);
  }

  @Test
  void watchExpiredResyncsEveryKeyAndStoresTheNewPosition() {
    exchange.close();
    exchange =
        EmbeddedObjectExchange.open(dir, EmbeddedOptions.defaults().withChangeLogRetention(5));
    fortyOrdersWhileStopped();

    runtime = CastRuntime.start(exchange, Retail.compiled());

    awaitPayments(40);
    // With a change log of 5, the resync's own writes can expire the position it resumes from;
    // the second resync then finds nothing to write.
    assertThat(runtime.status().resyncs()).isBetween(1L, 2L);
    await()
        .atMost(WAIT)
        .until(
            () ->
                CastState.load(exchange, "retail").orElseThrow().position()
                    >= get(order("o-40")).resourceVersion());
    assertThat(exchange.history(payment("o-0"))).hasSize(1);
  }

  @Test
  void newRevisionTakesOverLiveAndAppliesItsRuleToEveryKey() throws Exception {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    CompiledCast v2 =
        Retail.checker()
            .check(
                io.knactor.cast.spec.CastSpecParser.parse(
                    Retail.SPEC.replace("C.order.cost > 1000.0", "C.order.cost > 500.0"),
                    "retail.cast.yaml"),
                2)
            .orThrow();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 60; i++) {
                writeOrder("o-" + i, 800, "USD");
              }
            });
    writer.start();
    await().atMost(WAIT).until(() -> get(payment("o-10")) != null);
    runtime.update(v2);
    writer.join();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (int i = 0; i < 60; i++) {
                assertThat(get(shipment("o-" + i))).isNotNull();
                assertThat(get(shipment("o-" + i)).data().path("method").asText()).isEqualTo("air");
                assertThat(get(payment("o-" + i)).data().path("amount").asDouble())
                    .isEqualTo(850.0);
              }
            });
    assertThat(runtime.status().revision()).isEqualTo(2);
    assertThat(CastState.load(exchange, "retail").orElseThrow().revision()).isEqualTo(2);
    for (int i = 0; i < 60; i++) {
      // One write per (revision, source version): nothing was repeated across the switch.
      List<ObjectRevision> history = exchange.history(payment("o-" + i));
      assertThat(history).hasSize(1);
      Set<String> seen = new HashSet<>();
      for (ObjectRevision r : exchange.history(shipment("o-" + i))) {
        assertThat(seen.add(r.annotations().toString())).isTrue();
      }
    }
  }

  @Test
  void throwingFunctionMarksTheFieldFailedAndALaterSuccessClearsIt() {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    writeOrder("o-1", 100, "XYZ");
    await().atMost(WAIT).until(() -> get(shipment("o-1")) != null);
    exchange.commit(
        "knactor-shipping",
        Write.patch(
            shipment("o-1"),
            Write.ANY_VERSION,
            Json.parseObject(
                "{\"id\":\"s-1\",\"quote\":{\"price\":10.0,\"currency\":\"USD\"}}", "t")));

    await().atMost(WAIT).until(() -> !runtime.status().failures().isEmpty());
    KeyFailure failure = runtime.status().failures().get(0);
    assertThat(failure.key()).isEqualTo("o-1");
    assertThat(failure.field()).isEqualTo("C.order.shippingCost");
    assertThat(failure.message()).contains("no exchange rate for XYZ");
    assertThat(failure.revision()).isEqualTo(1);
    // The other rules of the key went on.
    await()
        .atMost(WAIT)
        .until(() -> get(order("o-1")).data().path("trackingID").asText().equals("s-1"));
    await()
        .atMost(WAIT)
        .until(() -> CastState.load(exchange, "retail").orElseThrow().failures().size() == 1);

    exchange.commit(
        "knactor-checkout",
        Write.patch(
            order("o-1"), Write.ANY_VERSION, Json.parseObject("{\"currency\":\"EUR\"}", "t")));

    await().atMost(WAIT).until(() -> runtime.status().failures().isEmpty());
    assertThat(get(order("o-1")).data().path("shippingCost").asDouble()).isEqualTo(5.0);
    await()
        .atMost(WAIT)
        .until(() -> CastState.load(exchange, "retail").orElseThrow().failures().isEmpty());
    assertThat(exchange.history(CastState.keyOf("retail")))
        .anyMatch(r -> r.data() != null && Json.toString(r.data()).contains("no exchange rate"));
  }

  /**
   * Runs the cast until order o-0 is paid, stops it and writes orders o-1 to o-40; returns the
   * last.
   */
  StoredObject fortyOrdersWhileStopped() {
    runtime = CastRuntime.start(exchange, Retail.compiled());
    writeOrder("o-0", 100, "USD");
    await().atMost(WAIT).until(() -> get(payment("o-0")) != null);
    runtime.close();
    StoredObject last = null;
    for (int i = 1; i <= 40; i++) {
      last = writeOrder("o-" + i, 100 + i, "USD");
    }
    return last;
  }

  void awaitStoredPosition(long atLeast) {
    await()
        .atMost(WAIT)
        .until(() -> CastState.load(exchange, "retail").orElseThrow().position() >= atLeast);
  }

  /** Waits until orders o-0 to o-{@code last} have their payments, of the right amounts. */
  void awaitPayments(int last) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (int i = 0; i <= last; i++) {
                assertThat(get(payment("o-" + i))).isNotNull();
                assertThat(get(payment("o-" + i)).data().path("amount").asDouble())
                    .isEqualTo(150.0 + i);
              }
            });
  }

  StoredObject writeOrder(String name, double cost, String currency) {
    return exchange.commit(
        "knactor-checkout",
        Write.upsert(
            order(name),
            Json.parseObject(
                "{\"items\":[{\"name\":\"lamp\",\"quantity\":1}],\"address\":\"1 Main St\",\"cost\":"
                    + cost
                    + ",\"totalCost\":"
                    + (cost + 50)
                    + ",\"currency\":\""
                    + currency
                    + "\"}",
                "order")));
  }

  /** Shipping quotes the shipment of {@code name} at {@code dollars}. */
  StoredObject quote(String name, double dollars) {
    return exchange.commit(
        "knactor-shipping",
        Write.patch(
            shipment(name),
            Write.ANY_VERSION,
            Json.parseObject(
                "{\"quote\":{\"price\":" + dollars + ",\"currency\":\"USD\"}}", "quote")));
  }

  StoredObject get(ObjectKey key) {
    Optional<StoredObject> object = exchange.get(key);
    return object.orElse(null);
  }

  static ObjectKey order(String name) {
    return ObjectKey.of(CHECKOUT, "Order", name);
  }

  static ObjectKey shipment(String name) {
    return ObjectKey.of(SHIPPING, "Shipment", name);
  }

  static ObjectKey payment(String name) {
    return ObjectKey.of(PAYMENT, "Payment", name);
  }
}
