package io.knactor.examples.retail.checkout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.kit.Reconciling;
import io.knactor.examples.retail.domain.Money;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;

/**
 * The Checkout knactor (the paper's Figure 5): an {@code Order} per key. Its API places an order;
 * its reconciler computes the cost from the priced items, the total once the shipping cost is
 * known, and the order's status from what has been filled in. The items, shipping cost, payment and
 * tracking ids are external: integrators fill them; Checkout names no other service.
 */
public final class Checkout {
  public static final StoreRef STORE = StoreRef.parse("OnlineRetail/v1/Checkout/knactor-checkout");
  public static final String ORDER = "Order";

  /**
   * The statuses an order goes through; {@link #COMPLETED} and {@link #PAYMENT_FAILED} are final.
   */
  public static final String AWAITING_ITEMS = "awaiting-items";

  public static final String EMPTY_CART = "empty-cart";
  public static final String AWAITING_SHIPPING_QUOTE = "awaiting-shipping-quote";
  public static final String AWAITING_PAYMENT = "awaiting-payment";
  public static final String AWAITING_SHIPMENT = "awaiting-shipment";
  public static final String PAYMENT_FAILED = "payment-failed";
  public static final String COMPLETED = "completed";

  private Checkout() {}

  public static Knactor knactor(ObjectExchange connection) {
    return Knactor.builder(STORE, connection).on(ORDER, Checkout::reconcile).build();
  }

  /** What a shopper gives to place an order. */
  public record OrderForm(
      String userId,
      String email,
      String address,
      String currency,
      String cardNumber,
      int cvv,
      int expirationYear,
      int expirationMonth) {}

  /** The Checkout API: places the order {@code orderId} (the key of the cart it checks out). */
  public static void placeOrder(Context ctx, String orderId, OrderForm form) {
    ObjectNode order =
        Json.object()
            .put("userId", form.userId())
            .put("email", form.email())
            .put("address", form.address())
            .put("currency", form.currency());
    order
        .putObject("card")
        .put("number", form.cardNumber())
        .put("cvv", form.cvv())
        .put("expirationYear", form.expirationYear())
        .put("expirationMonth", form.expirationMonth());
    Reconciling.createOrFill(ctx, ORDER, orderId, order);
  }

  /** True for a status no integration changes any more. */
  public static boolean isFinal(String status) {
    return COMPLETED.equals(status) || PAYMENT_FAILED.equals(status);
  }

  /** Level-triggered: cost, total and status follow from the fields present. */
  public static Result reconcile(Context ctx, Event event) {
    if (event.isDeleted()) {
      return Result.done();
    }
    ObjectNode order = event.data();
    ObjectNode desired = Json.object();
    JsonNode items = order.get("items");
    if (items != null && items.isArray() && !items.isEmpty()) {
      double cost = 0;
      for (JsonNode item : items) {
        cost += item.path("price").asDouble() * item.path("quantity").asLong();
      }
      desired.put("cost", Money.cents(cost));
      if (order.hasNonNull("shippingCost")) {
        desired.put("totalCost", Money.cents(cost + order.get("shippingCost").asDouble()));
      }
    }
    desired.put("status", status(order, items, desired.has("totalCost")));
    return Reconciling.patchChanged(ctx, event, desired);
  }

  private static String status(ObjectNode order, JsonNode items, boolean totaled) {
    if (items == null) {
      return AWAITING_ITEMS;
    }
    if (items.isEmpty()) {
      return EMPTY_CART;
    }
    if (order.hasNonNull("paymentError")) {
      return PAYMENT_FAILED;
    }
    if (order.hasNonNull("paymentID")) {
      return order.hasNonNull("trackingID") ? COMPLETED : AWAITING_SHIPMENT;
    }
    return totaled ? AWAITING_PAYMENT : AWAITING_SHIPPING_QUOTE;
  }
}
