package io.knactor.examples.retail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.retail.cart.Cart;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.email.Email;
import io.knactor.examples.retail.payment.Payment;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.sdk.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders end to end: the seven knactors run on a real server (RocksDB in a temporary directory),
 * each through its own principal's connection, integrated only by the retail Cast that the server
 * runs.
 */
class RetailFlowTest {
  private static final String ADMIN = "retail-admin-token-0123";
  static final Checkout.OrderForm GOOD_CARD =
      new Checkout.OrderForm(
          "u-1",
          "ada@example.com",
          "1 Main St, Springfield",
          "EUR",
          "4432801561520454",
          672,
          2099,
          1);
  static final Checkout.OrderForm EXPIRED_CARD =
      new Checkout.OrderForm(
          "u-2",
          "bob@example.com",
          "2 Side St, Shelbyville",
          "USD",
          "4432801561520454",
          672,
          2001,
          1);

  /** Two watches (109.99 USD each) and a mug (8.99 USD). */
  static final List<Storefront.Line> SMALL =
      List.of(new Storefront.Line("1YMWWN1N4O", 2), new Storefront.Line("6E92ZMYYFZ", 1));

  /** Eleven watches: over 1000 in any of the test's currencies. */
  static final List<Storefront.Line> LARGE = List.of(new Storefront.Line("1YMWWN1N4O", 11));

  @TempDir Path dir;

  static String awaitFinal(RetailApp app, String orderId) {
    Storefront front = app.storefront();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> front.status(orderId).filter(Checkout::isFinal).isPresent());
    return front.status(orderId).orElseThrow();
  }

  static JsonNode data(RetailApp app, String knactor, String kind, String name) {
    return app.knactor(knactor).context().get(kind, name).map(StoredObject::data).orElseThrow();
  }

  @Test
  void anOrderCompletesWithPaymentShipmentAndConfirmation() throws Exception {
    try (RetailApp app = RetailApp.start(dir, 0, ADMIN, Revision.T1)) {
      app.storefront().placeOrder("o-1", SMALL, GOOD_CARD);

      assertThat(awaitFinal(app, "o-1")).isEqualTo(Checkout.COMPLETED);
      JsonNode order = data(app, "checkout", Checkout.ORDER, "o-1");
      JsonNode shipment = data(app, "shipping", Shipping.SHIPMENT, "o-1");
      JsonNode payment = data(app, "payment", Payment.PAYMENT, "o-1");
      // 228.97 USD at 1.1305 USD per EUR, line by line: 2 x 97.29 + 7.95.
      assertThat(order.get("cost").asDouble()).isEqualTo(202.53);
      assertThat(shipment.get("method").asText()).isEqualTo("ground");
      assertThat(shipment.get("items")).hasSize(2);
      // Ground for 2 items: 7.99 USD = 7.07 EUR.
      assertThat(order.get("shippingCost").asDouble()).isEqualTo(7.07);
      assertThat(order.get("totalCost").asDouble()).isEqualTo(209.60);
      assertThat(payment.get("amount").asDouble()).isEqualTo(209.60);
      assertThat(order.get("paymentID").asText()).isEqualTo(payment.get("id").asText());
      assertThat(order.get("trackingID").asText()).isEqualTo(shipment.get("id").asText());
      assertThat(data(app, "cart", "Cart", "o-1").get("status").asText()).isEqualTo("checked-out");
      await()
          .untilAsserted(
              () ->
                  assertThat(data(app, "email", Email.CONFIRMATION, "o-1").path("body").asText())
                      .contains("To: ada@example.com")
                      .contains("Watch, Mug")
                      .contains("209.60 EUR")
                      .contains("tracking id " + shipment.get("id").asText()));
    }
  }

  @Test
  void aRefusedCardFailsThePaymentAndNothingShips() throws Exception {
    try (RetailApp app = RetailApp.start(dir, 0, ADMIN, Revision.T1)) {
      app.storefront().placeOrder("o-2", SMALL, EXPIRED_CARD);

      assertThat(awaitFinal(app, "o-2")).isEqualTo(Checkout.PAYMENT_FAILED);
      assertThat(data(app, "checkout", Checkout.ORDER, "o-2").get("paymentError").asText())
          .isEqualTo("credit card expired on 1/2001");
      JsonNode shipment = data(app, "shipping", Shipping.SHIPMENT, "o-2");
      assertThat(shipment.has("id")).isFalse();
      assertThat(shipment.get("status").asText()).isEqualTo("quoted");
    }
  }

  @Test
  void beforeT1ordersArePricedAndWaitForShippingAndPayment() throws Exception {
    try (RetailApp app = RetailApp.start(dir, 0, ADMIN, Revision.T0)) {
      app.storefront().placeOrder("o-3", SMALL, GOOD_CARD);

      await()
          .until(
              () ->
                  app.storefront()
                      .status("o-3")
                      .orElse("")
                      .equals(Checkout.AWAITING_SHIPPING_QUOTE));
      assertThat(app.knactor("shipping").context().get(Shipping.SHIPMENT, "o-3")).isEmpty();
      assertThat(app.knactor("payment").context().get(Payment.PAYMENT, "o-3")).isEmpty();
    }
  }

  @Test
  void anOrderThatAnIntegratorCreatedFirstIsFilledInByCheckout() throws Exception {
    try (RetailApp app = RetailApp.start(dir, 0, ADMIN, Revision.T1)) {
      // The cart first: the Cast marks a cart checked out as soon as its order exists.
      Context cart = app.knactor("cart").context();
      for (Storefront.Line line : SMALL) {
        Cart.addItem(cart, "o-5", GOOD_CARD.userId(), line.productId(), line.quantity());
      }
      // As a Cast may: the order object exists, with an external field, before it is placed.
      try (ObjectExchange admin = app.server().connect(ADMIN)) {
        admin.commit(
            "admin",
            Write.create(
                ObjectKey.of(Checkout.STORE.toString(), Checkout.ORDER, "o-5"),
                Json.object().put("paymentError", "none yet")));
      }

      Checkout.placeOrder(app.knactor("checkout").context(), "o-5", GOOD_CARD);

      JsonNode order = data(app, "checkout", Checkout.ORDER, "o-5");
      assertThat(order.get("email").asText()).isEqualTo(GOOD_CARD.email());
      assertThat(order.get("paymentError").asText()).isEqualTo("none yet");
      // Placing the same order again is accepted; placing it with other values is refused.
      Context checkout = app.knactor("checkout").context();
      Checkout.placeOrder(checkout, "o-5", GOOD_CARD);
      Checkout.OrderForm otherEmail =
          new Checkout.OrderForm(
              GOOD_CARD.userId(),
              "eve@example.com",
              GOOD_CARD.address(),
              GOOD_CARD.currency(),
              GOOD_CARD.cardNumber(),
              GOOD_CARD.cvv(),
              GOOD_CARD.expirationYear(),
              GOOD_CARD.expirationMonth());
      assertThatThrownBy(() -> Checkout.placeOrder(checkout, "o-5", otherEmail))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("already exists with another");
    }
  }

  @Test
  void anEmptyCartIsRefusedByCheckout() throws Exception {
    try (RetailApp app = RetailApp.start(dir, 0, ADMIN, Revision.T1)) {
      app.storefront().placeOrder("o-4", List.of(), GOOD_CARD);

      await().until(() -> app.storefront().status("o-4").orElse("").equals(Checkout.EMPTY_CART));
      // The payment is made from the order's currency and card, but there is no total to charge.
      await().until(() -> app.knactor("payment").context().get(Payment.PAYMENT, "o-4").isPresent());
      JsonNode payment = data(app, "payment", Payment.PAYMENT, "o-4");
      assertThat(payment.has("amount")).as("nothing to charge").isFalse();
      assertThat(payment.has("id")).isFalse();
    }
  }
}
