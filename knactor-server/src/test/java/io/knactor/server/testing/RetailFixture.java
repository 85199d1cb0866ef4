package io.knactor.server.testing;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.server.KnactorServer;

/**
 * A small registry for access tests: two knactors (checkout, shipping), an integrator granted the
 * external field {@code shippingCost} of checkout orders, and a viewer.
 */
public final class RetailFixture {
  public static final StoreRef CHECKOUT =
      StoreRef.parse("OnlineRetail/v1/Checkout/knactor-checkout");
  public static final StoreRef SHIPPING =
      StoreRef.parse("OnlineRetail/v1/Shipping/knactor-shipping");
  public static final String CHECKOUT_TOKEN = "checkout-token-0123456789";
  public static final String SHIPPING_TOKEN = "shipping-token-0123456789";
  public static final String INTEGRATOR_TOKEN = "integrator-token-0123456789";
  public static final String VIEWER_TOKEN = "viewer-token-0123456789";

  public static final String YAML =
      """
      schema: OnlineRetail/v1/Checkout/Order
      items: array
        name: string
        quantity: integer
      cost: number
      currency: string
      shippingCost: number # +kr: external
      ---
      schema: OnlineRetail/v1/Shipping/Shipment
      addr: string
      price: number
      ---
      kind: Principal
      name: checkout
      role: knactor
      token: checkout-token-0123456789
      ---
      kind: Principal
      name: shipping
      role: knactor
      token: shipping-token-0123456789
      ---
      kind: Knactor
      name: OnlineRetail/v1/Checkout/knactor-checkout
      principal: checkout
      ---
      kind: Knactor
      name: OnlineRetail/v1/Shipping/knactor-shipping
      principal: shipping
      ---
      kind: Principal
      name: retail-cast
      role: integrator
      token: integrator-token-0123456789
      ---
      kind: Grant
      principal: retail-cast
      store: OnlineRetail/v1/Checkout/knactor-checkout
      objectKind: Order
      fields: [shippingCost]
      verbs: [read, write]
      ---
      kind: Principal
      name: alice
      role: viewer
      token: viewer-token-0123456789
      """;

  private RetailFixture() {}

  public static void apply(KnactorServer server) {
    server.admin().apply(YAML);
  }

  public static ObjectKey order(String name) {
    return new ObjectKey(CHECKOUT, "Order", name);
  }

  public static ObjectKey shipment(String name) {
    return new ObjectKey(SHIPPING, "Shipment", name);
  }
}
