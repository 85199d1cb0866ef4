package io.knactor.server.cast;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;

/**
 * A two-knactor shop integrated by the cast {@code shop}: orders feed shipments, shipments feed the
 * orders' external fields back.
 */
final class ShopFixture {
  static final StoreRef ORDERS = StoreRef.parse("Shop/v1/Orders/orders");
  static final StoreRef SHIPPING = StoreRef.parse("Shop/v1/Shipping/shipping");
  static final String ORDERS_TOKEN = "orders-token-0123456789";
  static final String SHIPPING_TOKEN = "shipping-token-0123456789";

  static final String REGISTRY =
      """
      schema: Shop/v1/Orders/Order
      item: string
      qty: integer
      total: number
      label: string # +kr: external
      shipMethod: string # +kr: external
      ---
      schema: Shop/v1/Shipping/Shipment
      item: string # +kr: external
      qty: integer # +kr: external
      method: string # +kr: external
      trackingId: string
      ---
      kind: Principal
      name: orders
      role: knactor
      token: orders-token-0123456789
      ---
      kind: Principal
      name: shipping
      role: knactor
      token: shipping-token-0123456789
      ---
      kind: Knactor
      name: Shop/v1/Orders/orders
      principal: orders
      ---
      kind: Knactor
      name: Shop/v1/Shipping/shipping
      principal: shipping
      """;

  /** The cast; {@code THRESHOLD} is replaced to make revisions. */
  static final String CAST =
      """
      kind: Cast
      name: shop
      input:
        O: Shop/v1/Orders/orders
        S: Shop/v1/Shipping/shipping
      dxg:
        S.shipment:
          item: O.order.item
          qty: twice(O.order.qty)
          method: 'O.order.total > THRESHOLD ? "air" : "ground"'
        O.order:
          label: tag(O.order.item)
          shipMethod: S.shipment.method
      """;

  static String cast(double threshold) {
    return CAST.replace("THRESHOLD", Double.toString(threshold));
  }

  static ObjectKey order(String name) {
    return new ObjectKey(ORDERS, "Order", name);
  }

  static ObjectKey shipment(String name) {
    return new ObjectKey(SHIPPING, "Shipment", name);
  }

  private ShopFixture() {}
}
