package io.knactor.examples.retail.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.knactor.examples.retail.domain.Cards;
import io.knactor.examples.retail.domain.Confirmations;
import io.knactor.examples.retail.domain.Money;
import io.knactor.examples.retail.domain.Product;
import io.knactor.examples.retail.domain.Shipments;
import io.knactor.examples.retail.domain.ShopData;
import io.knactor.examples.retail.grpc.api.checkout.CreditCardInfo;
import io.knactor.examples.retail.grpc.api.checkout.OrderItem;
import io.knactor.examples.retail.grpc.api.checkout.OrderResult;
import io.knactor.examples.retail.grpc.email.EmailService;
import io.knactor.examples.retail.grpc.payment.PaymentService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetailGrpcAppTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
  static final Map<String, Product> PRODUCTS = ShopData.products();
  static final Map<String, Double> RATES = ShopData.ratesPerEuro();

  private RetailGrpcApp app;

  @BeforeEach
  void start() {
    app = RetailGrpcApp.start(Deployment.load(), CLOCK);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private Shopper shopper(String userId) {
    return new Shopper(app.channelTo("cart"), app.channelTo("checkout"), userId);
  }

  @Test
  void orderThroughCheckoutIsPricedChargedShippedAndConfirmedAsTheDomainSays() {
    Shopper ada = shopper("ada").add("OLJCESPC7Z", 2).add("6E92ZMYYFZ", 1).add("OLJCESPC7Z", 1);

    OrderResult order = ada.placeOrder("EUR", Shopper.VALID_CARD);

    double sunglasses = Money.convert(PRODUCTS.get("OLJCESPC7Z").priceUsd(), "USD", "EUR", RATES);
    double mug = Money.convert(PRODUCTS.get("6E92ZMYYFZ").priceUsd(), "USD", "EUR", RATES);
    double cost = Money.cents(3 * sunglasses + mug);
    double shipping = Money.convert(Shipments.quote(2, "ground"), "USD", "EUR", RATES);
    double total = Money.cents(cost + shipping);
    assertThat(order.getItemsList())
        .extracting(OrderItem::getName, OrderItem::getQuantity, OrderItem::getPrice)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Sunglasses", 3, sunglasses),
            org.assertj.core.groups.Tuple.tuple("Mug", 1, mug));
    assertThat(order.getCurrency()).isEqualTo("EUR");
    assertThat(order.getCost()).isEqualTo(cost);
    assertThat(order.getShippingMethod()).isEqualTo("ground");
    assertThat(order.getShippingCost()).isEqualTo(shipping);
    assertThat(order.getTotalCost()).isEqualTo(total);
    assertThat(order.getShippingTrackingId())
        .isEqualTo(Shipments.trackingId(order.getOrderId(), Shopper.ADDRESS))
        .matches("[A-Z]{2}-[0-9a-f]+");
    assertThat(order.getPaymentTransactionId()).isEqualTo(Cards.transactionId(order.getOrderId()));
    assertThat(app.service("payment", PaymentService.class).transactions())
        .containsExactly(Map.entry(order.getOrderId(), order.getPaymentTransactionId()));
    assertThat(app.service("email", EmailService.class).outbox())
        .containsExactly(
            Confirmations.render(
                order.getOrderId(),
                Shopper.EMAIL,
                List.of("Sunglasses", "Mug"),
                total,
                "EUR",
                order.getShippingTrackingId()));
    assertThat(ada.cartLines()).isZero();
  }

  @Test
  void orderCostingOverAThousandShipsByAir() {
    OrderResult order = shopper("bob").add("1YMWWN1N4O", 10).placeOrder("USD", Shopper.VALID_CARD);

    assertThat(order.getCost()).isEqualTo(1099.9);
    assertThat(order.getShippingMethod()).isEqualTo("air");
    assertThat(order.getShippingCost()).isEqualTo(Shipments.quote(1, "air"));
    assertThat(order.getTotalCost()).isEqualTo(Money.cents(1099.9 + Shipments.quote(1, "air")));
  }

  @Test
  void refusedCardFailsTheOrderWithPaymentsReasonAndNothingIsShippedOrConfirmed() {
    Shopper cy = shopper("cy").add("6E92ZMYYFZ", 1);
    CreditCardInfo expired = Shopper.VALID_CARD.toBuilder().setExpirationYear(2025).build();

    assertThatThrownBy(() -> cy.placeOrder("EUR", expired))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "charging the card failed: INVALID_ARGUMENT: credit card expired on 1/2025");
            });
    assertThat(app.service("payment", PaymentService.class).transactions()).isEmpty();
    assertThat(app.service("email", EmailService.class).outbox()).isEmpty();
    assertThat(cy.cartLines()).isEqualTo(1);
  }

  @Test
  void unreachableShippingFailsTheOrderAsUnavailableBeforeAnythingIsCharged() throws Exception {
    Shopper dee = shopper("dee").add("6E92ZMYYFZ", 1);
    app.stop("shipping");

    assertThatThrownBy(() -> dee.placeOrder("EUR", Shopper.VALID_CARD))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .startsWith("getting a shipping quote failed: UNAVAILABLE: ");
            });
    assertThat(app.service("payment", PaymentService.class).transactions()).isEmpty();
    assertThat(dee.cartLines()).isEqualTo(1);
  }

  @Test
  void unsupportedCurrencyFailsTheOrderNamingTheCurrency() {
    Shopper eve = shopper("eve").add("6E92ZMYYFZ", 1);

    assertThatThrownBy(() -> eve.placeOrder("XYZ", Shopper.VALID_CARD))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith(
                      "pricing product 6E92ZMYYFZ failed: INVALID_ARGUMENT: unsupported currency"
                          + " 'XYZ'");
            });
  }

  @Test
  void emptyCartCannotBeCheckedOut() {
    assertThatThrownBy(() -> shopper("fay").placeOrder("EUR", Shopper.VALID_CARD))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("the cart of user 'fay' is empty");
            });
  }
}
