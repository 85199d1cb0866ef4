package io.knactor.examples.retail;

import static io.knactor.examples.retail.RetailFlowTest.GOOD_CARD;
import static io.knactor.examples.retail.RetailFlowTest.LARGE;
import static io.knactor.examples.retail.RetailFlowTest.SMALL;
import static io.knactor.examples.retail.RetailFlowTest.awaitFinal;
import static io.knactor.examples.retail.RetailFlowTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.domain.Money;
import io.knactor.examples.retail.domain.ShopData;
import io.knactor.examples.retail.payment.Payment;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.sdk.Knactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Knactor paper's integration tasks, each applied live to the running app while orders are
 * being placed: T1 (Payment and Shipping integrated with Checkout), T2 (air over 1000, else
 * ground), a broken revision (refused), T3 (Shipping renamed {@code addr} to {@code address}).
 *
 * <p>Each task is one Cast revision applied to the server; the server switches the running Cast
 * between two changes. No knactor is restarted, except Shipping at T3: T3 changes Shipping's own
 * schema and the code that reads it, so Shipping's team redeploys Shipping (its new release reads
 * {@code address}); the other six knactors run on, untouched, and only the Cast follows the rename.
 */
class IntegrationTasksTest {
  private static final String ADMIN = "retail-admin-token-0123";
  private static final Map<String, Number> RATES = new HashMap<>(ShopData.ratesPerEuro());

  @TempDir Path dir;

  private final ExecutorService shopper = Executors.newSingleThreadExecutor();
  private final Set<String> placedAfterT2 = ConcurrentHashMap.newKeySet();
  private int next;

  /** Places {@code count} orders on another thread, alternating small and large, EUR and USD. */
  private Future<List<String>> placeInFlight(RetailApp app, int count, boolean afterT2) {
    int first = next;
    next += count;
    return shopper.submit(
        () -> {
          List<String> ids = new java.util.ArrayList<>();
          for (int i = first; i < first + count; i++) {
            String id = "f-" + i;
            app.storefront().placeOrder(id, i % 2 == 0 ? LARGE : SMALL, form(i));
            if (afterT2) {
              placedAfterT2.add(id);
            }
            ids.add(id);
          }
          return ids;
        });
  }

  private static Checkout.OrderForm form(int i) {
    return new Checkout.OrderForm(
        "u-" + i,
        "shopper" + i + "@example.com",
        i + " Main St, Springfield",
        i % 4 < 2 ? "EUR" : "USD",
        GOOD_CARD.cardNumber(),
        GOOD_CARD.cvv(),
        GOOD_CARD.expirationYear(),
        GOOD_CARD.expirationMonth());
  }

  /** Waits until the server runs revision {@code revision} of the Cast and has resynced with it. */
  private static void awaitRunning(RetailApp app, long revision) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode status = castStatus(app);
              return status.path("runningRevision").asLong() == revision
                  && status.path("phase").asText().equals("running");
            });
  }

  private static JsonNode castStatus(RetailApp app) {
    return app.adminClient().send("GET", "/api/v1/casts/" + RetailApp.CAST, null, null).body();
  }

  @Test
  void tasksAppliedLiveCompleteEveryOrderInFlight() throws Exception {
    try (RetailApp app = RetailApp.start(dir, 0, ADMIN, Revision.T0)) {
      Map<String, Knactor> started = app.knactors();
      List<String> beforeT1 = placeInFlight(app, 4, false).get();
      for (String id : beforeT1) {
        await()
            .until(() -> app.storefront().status(id).orElse("").equals("awaiting-shipping-quote"));
      }

      Future<List<String>> duringT1 = placeInFlight(app, 4, false);
      app.advanceTo(Revision.T1);
      awaitRunning(app, 2);
      duringT1.get();
      Future<List<String>> duringT2 = placeInFlight(app, 4, false);
      Set<String> completedBeforeT2 = completed(app);
      app.advanceTo(Revision.T2);
      awaitRunning(app, 3);
      duringT2.get();
      placeInFlight(app, 4, true).get();

      String broken =
          AppFiles.read(Revision.T2.castFile())
              .replace("C.order.cost > 1000.0", "C.order.cots > 1000.0")
              .replace(
                  "    payment: P.payment.id", "    payment: P.payment.id\n    id: '\"none\"'");
      assertThatThrownBy(() -> app.server().admin().apply(broken))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("unknown field 'cots'")
          .hasMessageContaining("S.shipment.id is not marked '+kr: external'");
      assertThat(castStatus(app).path("runningRevision").asLong()).isEqualTo(3);
      Future<List<String>> duringT3 = placeInFlight(app, 4, true);
      app.advanceTo(Revision.T3);
      awaitRunning(app, 4);
      duringT3.get();
      placeInFlight(app, 4, true).get();

      for (int i = 0; i < next; i++) {
        assertThat(awaitFinal(app, "f-" + i)).as("f-" + i).isEqualTo(Checkout.COMPLETED);
      }
      for (int i = 0; i < next; i++) {
        checkCompletedOrder(app, "f-" + i, form(i));
      }
      for (String id : completedBeforeT2) {
        assertThat(shipment(app, id).at("/quote/method").asText()).as(id).isEqualTo("ground");
      }
      assertThat(placedAfterT2).hasSize(12);
      for (String id : placedAfterT2) {
        double cost = data(app, "checkout", Checkout.ORDER, id).get("cost").asDouble();
        assertThat(shipment(app, id).at("/quote/method").asText())
            .as(id + " costing " + cost)
            .isEqualTo(cost > 1000 ? "air" : "ground");
      }
      for (String name : started.keySet()) {
        if (name.equals("shipping")) {
          assertThat(app.knactor(name))
              .as("Shipping redeployed for T3")
              .isNotSameAs(started.get(name));
        } else {
          assertThat(app.knactor(name)).as(name + " never restarted").isSameAs(started.get(name));
        }
      }
      assertThat(castStatus(app).path("failures")).as("cast failures").isEmpty();
    } finally {
      shopper.shutdownNow();
    }
  }

  private Set<String> completed(RetailApp app) {
    Set<String> done = new java.util.HashSet<>();
    for (int i = 0; i < next; i++) {
      if (app.storefront().status("f-" + i).orElse("").equals(Checkout.COMPLETED)) {
        done.add("f-" + i);
      }
    }
    return done;
  }

  private static JsonNode shipment(RetailApp app, String id) {
    return data(app, "shipping", Shipping.SHIPMENT, id);
  }

  /** The order, its payment and its shipment agree, and the shipment has the renamed field. */
  private static void checkCompletedOrder(RetailApp app, String id, Checkout.OrderForm form) {
    JsonNode order = data(app, "checkout", Checkout.ORDER, id);
    JsonNode payment = data(app, "payment", Payment.PAYMENT, id);
    JsonNode shipment = shipment(app, id);
    double cost = order.get("cost").asDouble();
    double shippingCost = order.get("shippingCost").asDouble();
    assertThat(order.get("totalCost").asDouble())
        .as(id)
        .isEqualTo(Money.cents(cost + shippingCost));
    assertThat(shippingCost)
        .as(id)
        .isEqualTo(
            Money.convert(
                shipment.at("/quote/price").asDouble(),
                shipment.at("/quote/currency").asText(),
                form.currency(),
                RATES));
    assertThat(payment.get("amount").asDouble())
        .as(id)
        .isEqualTo(order.get("totalCost").asDouble());
    assertThat(payment.get("currency").asText()).as(id).isEqualTo(form.currency());
    assertThat(order.get("paymentID").asText()).as(id).isEqualTo(payment.get("id").asText());
    assertThat(order.get("trackingID").asText()).as(id).isEqualTo(shipment.get("id").asText());
    assertThat(shipment.get("address").asText()).as(id).isEqualTo(form.address());
    assertThat(shipment.has("addr")).as(id + " migrated").isFalse();
  }
}
