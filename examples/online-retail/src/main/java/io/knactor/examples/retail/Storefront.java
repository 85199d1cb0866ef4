package io.knactor.examples.retail;

import io.knactor.core.model.StoredObject;
import io.knactor.examples.retail.cart.Cart;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.sdk.Context;
import java.util.List;
import java.util.Optional;

/**
 * The shop's front end: it fills a cart through the Cart API and checks it out through the Checkout
 * API, as the Online Boutique's frontend does; the order's key is the cart's.
 */
public final class Storefront {
  private final Context cart;
  private final Context checkout;

  public Storefront(Context cart, Context checkout) {
    this.cart = cart;
    this.checkout = checkout;
  }

  /** A product and how many of it. */
  public record Line(String productId, int quantity) {}

  /**
   * Puts {@code lines} into the cart {@code orderId} (one write: each write is a commit and a
   * change every watcher of the cart handles), then places the order of that cart.
   */
  public void placeOrder(String orderId, List<Line> lines, Checkout.OrderForm form) {
    Cart.addItems(
        cart,
        orderId,
        form.userId(),
        lines.stream().map(l -> new Cart.Item(l.productId(), l.quantity())).toList());
    Checkout.placeOrder(checkout, orderId, form);
  }

  /** The order as Checkout holds it. */
  public Optional<StoredObject> order(String orderId) {
    return checkout.get(Checkout.ORDER, orderId);
  }

  /** The order's status, or empty when there is no such order. */
  public Optional<String> status(String orderId) {
    return order(orderId).map(o -> o.data().path("status").asText(""));
  }
}
