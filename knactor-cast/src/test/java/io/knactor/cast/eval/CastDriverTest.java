package io.knactor.cast.eval;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ForwardingObjectExchange;
import io.knactor.core.exchange.ListRequest;
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
  void aConcurrentWriteToATargetIsReplannedNotLost() {
    StoredObject order =
        exchange.commit(
            "knactor-checkout", Write.create(ORDER, json("{'cost':10,'currency':'USD'}")));
    driver.apply(RETAIL, SourceChange.of(order));
    StoredObject dearer =
        exchange.commit(
            "knactor-checkout", Write.patch(ORDER, order.resourceVersion(), json("{'cost':5000}")));
    AtomicInteger commits = new AtomicInteger();
    ObjectExchange racing =
        new Racing(
            exchange,
            () -> {
              if (commits.incrementAndGet() == 1) {
                exchange.commit(
                    "knactor-shipping",
                    Write.patch(SHIPMENT, Write.ANY_VERSION, json("{'id':'t-1'}")));
              }
            });

    CastDriver.Applied applied =
        new CastDriver(racing, new CastEvaluator("cast:retail"))
            .apply(RETAIL, SourceChange.updated(order, dearer));

    assertThat(commits).as("a stale first plan, then a fresh one").hasValue(2);
    assertThat(applied.commit()).isPresent();
    assertThat(Json.toString(exchange.get(SHIPMENT).orElseThrow().data()))
        .isEqualTo("{\"method\":\"air\",\"id\":\"t-1\"}");
  }

  @Test
  void givesUpWithAConflictAfterEveryAttemptLostTheRace() {
    StoredObject order =
        exchange.commit(
            "knactor-checkout", Write.create(ORDER, json("{'cost':10,'currency':'USD'}")));
    driver.apply(RETAIL, SourceChange.of(order));
    StoredObject dearer =
        exchange.commit(
            "knactor-checkout", Write.patch(ORDER, order.resourceVersion(), json("{'cost':5000}")));
    AtomicInteger commits = new AtomicInteger();
    ObjectExchange racing =
        new Racing(
            exchange,
            () ->
                exchange.commit(
                    "knactor-shipping",
                    Write.patch(
                        SHIPMENT,
                        Write.ANY_VERSION,
                        json("{'id':'t-" + commits.incrementAndGet() + "'}"))));
    CastDriver stubborn = new CastDriver(racing, new CastEvaluator("cast:retail"));

    assertThatThrownBy(() -> stubborn.apply(RETAIL, SourceChange.updated(order, dearer)))
        .isInstanceOf(ConflictException.class)
        .hasMessageStartingWith("cast gave up after 5 conflicting attempts: ")
        .hasCauseInstanceOf(ConflictException.class);
    assertThat(commits).hasValue(CastDriver.MAX_ATTEMPTS);
    assertThat(exchange.get(SHIPMENT).orElseThrow().data().get("method").asText())
        .isEqualTo("ground");
  }

  @Test
  void syncAllFillsEveryExistingKey() {
    for (String name : List.of("o-1", "o-2")) {
      exchange.commit(
          "knactor-checkout",
          Write.create(
              ObjectKey.of(CHECKOUT, "Order", name),
              json("{'cost':10,'totalCost':12,'currency':'USD'}")));
    }

    driver.syncAll(RETAIL);

    assertThat(exchange.list(ListRequest.of(PAYMENT_KEY.store(), "Payment")).items())
        .extracting(StoredObject::name)
        .containsExactly("o-1", "o-2");
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode json(String text) {
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
