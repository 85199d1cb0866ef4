package io.knactor.cast.eval;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retail cast against the real embedded exchange (RocksDB in a temporary directory). */
class CastDriverTest {
  private static final CompiledCast RETAIL = Retail.compiled().withRevision(2);
  private static final ObjectKey ORDER = ObjectKey.of(CHECKOUT, "Order", "o-17");
  private static final ObjectKey SHIPMENT = ObjectKey.of(SHIPPING, "Shipment", "o-17");
  private static final ObjectKey PAYMENT_KEY = ObjectKey.of(PAYMENT, "Payment", "o-17");

  @TempDir Path dir;
  private ObjectExchange exchange;
  private CastDriver driver;

  @BeforeEach
  void open() {
    exchange = EmbeddedObjectExchange.open(dir);
    driver = new CastDriver(exchange, new CastEvaluator("cast:retail"));
  }

  @AfterEach
  void close() {
    exchange.close();
  }

  @Test
  void fillsPaymentAndShipmentFromAnOrderThenTheOrderFromThem() {
    StoredObject order =
        exchange.commit(
            "knactor-checkout",
            Write.create(
                ORDER,
                json(
                    "{'items':[{'name':'lamp'}],'address':'1 Main St','cost':1200,"
                        + "'totalCost':1250.0,'currency':'EUR'}")));

    CastDriver.Applied created = driver.apply(RETAIL, SourceChange.of(order));

    assertThat(created.commit().orElseThrow().objects()).hasSize(2);
    assertThat(Json.toString(exchange.get(PAYMENT_KEY).orElseThrow().data()))
        .isEqualTo("{\"amount\":1250.0,\"currency\":\"EUR\"}");
    StoredObject shipment = exchange.get(SHIPMENT).orElseThrow();
    assertThat(Json.toString(shipment.data()))
        .isEqualTo("{\"items\":[\"lamp\"],\"addr\":\"1 Main St\",\"method\":\"air\"}");

    StoredObject shipped =
        exchange.commit(
            "knactor-shipping",
            Write.patch(
                SHIPMENT,
                shipment.resourceVersion(),
                json("{'id':'track-9','quote':{'price':30,'currency':'USD'}}")));
    driver.apply(RETAIL, SourceChange.updated(shipment, shipped));
    StoredObject payment = exchange.get(PAYMENT_KEY).orElseThrow();
    StoredObject paid =
        exchange.commit(
            "knactor-payment",
            Write.patch(PAYMENT_KEY, payment.resourceVersion(), json("{'id':'pay-1'}")));
    driver.apply(RETAIL, SourceChange.updated(payment, paid));

    StoredObject filled = exchange.get(ORDER).orElseThrow();
    assertThat(filled.data().get("trackingID").asText()).isEqualTo("track-9");
    assertThat(filled.data().get("shippingCost").asDouble()).isEqualTo(15.0);
    assertThat(filled.data().get("paymentID").asText()).isEqualTo("pay-1");
    List<ObjectRevision> history = exchange.history(ORDER);
    ObjectRevision last = history.get(history.size() - 1);
    assertThat(last.principal()).isEqualTo("cast:retail");
    Provenance provenance = Provenance.fromAnnotations(last.annotations()).orElseThrow();
    assertThat(provenance.revision()).isEqualTo(2);
    assertThat(provenance.fields().get("paymentID").sources())
        .containsEntry(PAYMENT_KEY.toString(), paid.resourceVersion());
  }

  @Test
  void applyingTheSameChangeAgainCommitsNothing() {
    StoredObject order =
        exchange.commit(
            "knactor-checkout", Write.create(ORDER, json("{'cost':10,'currency':'USD'}")));
    driver.apply(RETAIL, SourceChange.of(order));
    long version = exchange.currentVersion();

    CastDriver.Applied again = driver.apply(RETAIL, SourceChange.of(order));

    assertThat(again.commit()).isEmpty();
    assertThat(exchange.currentVersion()).isEqualTo(version);
  }

  @Test
  void aConcurrentWriteToATargetItReadsIsReplannedNotLost() {
    StoredObject shipment = shipmentOfAnOrderInEuros();
    StoredObject shipped = quoteAndShip(shipment);
    AtomicInteger commits = new AtomicInteger();
    CastDriver raced =
        racedOnce(
            commits,
            "knactor-checkout",
            Write.patch(ORDER, Write.ANY_VERSION, json("{'currency':'USD'}")));

    CastDriver.Applied applied = raced.apply(RETAIL, SourceChange.updated(shipment, shipped));

    // shippingCost reads the order's own currency: the order's write expects the version read.
    assertThat(commits).as("a stale first plan, then a fresh one").hasValue(2);
    assertThat(applied.commit()).isPresent();
    ObjectNode order = exchange.get(ORDER).orElseThrow().data();
    assertThat(order.get("shippingCost").asDouble()).isEqualTo(30.0);
    assertThat(order.get("trackingID").asText()).isEqualTo("track-9");
  }

  @Test
  void aConcurrentWriteToATargetItDoesNotReadCausesNoConflict() {
    StoredObject order =
        exchange.commit(
            "knactor-checkout", Write.create(ORDER, json("{'cost':10,'currency':'USD'}")));
    driver.apply(RETAIL, SourceChange.of(order));
    StoredObject dearer =
        exchange.commit(
            "knactor-checkout", Write.patch(ORDER, order.resourceVersion(), json("{'cost':5000}")));
    AtomicInteger commits = new AtomicInteger();
    CastDriver raced =
        racedOnce(
            commits,
            "knactor-shipping",
            Write.patch(SHIPMENT, Write.ANY_VERSION, json("{'id':'t-1'}")));

    CastDriver.Applied applied = raced.apply(RETAIL, SourceChange.updated(order, dearer));

    // The method follows from the order alone: the shipment's write expects no version.
    assertThat(applied.commit().orElseThrow().objects()).hasSize(1);
    assertThat(commits).hasValue(1);
    assertThat(Json.toString(exchange.get(SHIPMENT).orElseThrow().data()))
        .isEqualTo("{\"method\":\"air\",\"id\":\"t-1\"}");
  }

  @Test
  void givesUpWithAConflictAfterEveryAttemptLostTheRace() {
    StoredObject shipment = shipmentOfAnOrderInEuros();
    StoredObject shipped = quoteAndShip(shipment);
    AtomicInteger commits = new AtomicInteger();
    ObjectExchange racing =
        new Racing(
            exchange,
            () ->
                exchange.commit(
                    "knactor-checkout",
                    Write.patch(
                        ORDER,
                        Write.ANY_VERSION,
                        json(
                            "{'currency':'"
                                + (commits.incrementAndGet() % 2 == 0 ? "EUR" : "USD")
                                + "'}"))));
    CastDriver stubborn = new CastDriver(racing, new CastEvaluator("cast:retail"));

    assertThatThrownBy(() -> stubborn.apply(RETAIL, SourceChange.updated(shipment, shipped)))
        .isInstanceOf(ConflictException.class)
        .hasMessageStartingWith("cast gave up after 5 conflicting attempts: ")
        .hasCauseInstanceOf(ConflictException.class);
    assertThat(commits).hasValue(CastDriver.MAX_ATTEMPTS);
    assertThat(exchange.get(ORDER).orElseThrow().data().has("trackingID")).isFalse();
  }

  /** A driver whose first commit {@code principal} races with {@code write}; counts commits. */
  private CastDriver racedOnce(AtomicInteger commits, String principal, Write write) {
    Runnable race =
        () -> {
          if (commits.incrementAndGet() == 1) {
            exchange.commit(principal, write);
          }
        };
    return new CastDriver(new Racing(exchange, race), new CastEvaluator("cast:retail"));
  }

  /** The shipment the Cast created for a new order in euros. */
  private StoredObject shipmentOfAnOrderInEuros() {
    StoredObject order =
        exchange.commit(
            "knactor-checkout",
            Write.create(ORDER, json("{'address':'1 Main St','cost':10,'currency':'EUR'}")));
    driver.apply(RETAIL, SourceChange.of(order));
    return exchange.get(SHIPMENT).orElseThrow();
  }

  /** Shipping quotes {@code shipment} in dollars and ships it. */
  private StoredObject quoteAndShip(StoredObject shipment) {
    return exchange.commit(
        "knactor-shipping",
        Write.patch(
            SHIPMENT,
            shipment.resourceVersion(),
            json("{'quote':{'price':30,'currency':'USD'},'id':'track-9'}")));
  }

  private static ObjectNode json(String text) {
    return Json.parseObject(text.replace('\'', '"'), "test");
  }

  /** The real exchange, with another writer getting in just before each commit. */
  private static final class Racing extends ForwardingObjectExchange {
    private final Runnable before;

    Racing(ObjectExchange inner, Runnable before) {
      super(inner);
      this.before = before;
    }

    @Override
    public CommitResult commit(WriteBatch batch) {
      before.run();
      return delegate.commit(batch);
    }

    @Override
    public void close() {}
  }
}
