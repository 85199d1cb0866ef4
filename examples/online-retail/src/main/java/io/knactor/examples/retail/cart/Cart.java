package io.knactor.examples.retail.cart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.kit.Reconciling;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cart knactor: a shopper's cart per key. Its API adds items to an open cart; its reconciler
 * merges lines of the same product and closes the cart once an order was placed from it (the
 * external field {@code order}, filled by an integrator). It knows no other service.
 */
public final class Cart {
  public static final StoreRef STORE = StoreRef.parse("OnlineRetail/v1/Cart/knactor-cart");
  public static final String CART = "Cart";

  /** A cart's statuses: open until an order was placed from it. */
  public static final String OPEN = "open";

  public static final String CHECKED_OUT = "checked-out";

  private Cart() {}

  public static Knactor knactor(ObjectExchange connection) {
    return Knactor.builder(STORE, connection).on(CART, Cart::reconcile).build();
  }

  /** A product and how many of it. */
  public record Item(String productId, int quantity) {}

  /**
   * The Cart API: adds {@code quantity} of a product to the cart {@code cartId} of {@code userId}.
   *
   * @throws ConflictException when the cart was already checked out
   */
  public static void addItem(
      Context ctx, String cartId, String userId, String productId, int quantity) {
    addItems(ctx, cartId, userId, List.of(new Item(productId, quantity)));
  }

  /**
   * The Cart API: adds {@code items} to the cart {@code cartId} of {@code userId} in one write,
   * creating the cart when it does not exist.
   *
   * @throws ConflictException when the cart was already checked out
   */
  public static void addItems(Context ctx, String cartId, String userId, List<Item> items) {
    for (int attempt = 1; ; attempt++) {
      try {
        if (ctx.get(CART, cartId).isEmpty()) {
          // Open from the start: the reconciler has no status to write for a new cart.
          ObjectNode cart = Json.object().put("userId", userId).put("status", OPEN);
          append(cart.putArray("items"), items);
          ctx.create(CART, cartId, cart);
        } else {
          ctx.modify(
              CART,
              cartId,
              cart -> {
                if (cart.hasNonNull("order")) {
                  throw new ConflictException("cart " + cartId + " is checked out");
                }
                cart.put("userId", userId);
                append(
                    cart.has("items") ? (ArrayNode) cart.get("items") : cart.putArray("items"),
                    items);
              });
        }
        return;
      } catch (ConflictException e) {
        // Created or changed meanwhile: append to what is there, unless it was checked out.
        if (attempt == 20
            || ctx.get(CART, cartId).map(c -> c.data().hasNonNull("order")).orElse(false)) {
          throw e;
        }
      }
    }
  }

  private static void append(ArrayNode lines, List<Item> items) {
    for (Item item : items) {
      lines.addObject().put("productId", item.productId()).put("quantity", item.quantity());
    }
  }

  /** Level-triggered: one line per product, and the status follows the order field. */
  public static Result reconcile(Context ctx, Event event) {
    if (event.isDeleted()) {
      return Result.done();
    }
    ObjectNode desired = Json.object();
    desired.put("status", event.data().hasNonNull("order") ? CHECKED_OUT : OPEN);
    desired.set("items", merged(event.data().path("items")));
    return Reconciling.patchChanged(ctx, event, desired);
  }

  private static ArrayNode merged(JsonNode items) {
    Map<String, Long> quantities = new LinkedHashMap<>();
    for (JsonNode item : items) {
      long quantity = item.path("quantity").asLong(0);
      if (quantity > 0) {
        quantities.merge(item.path("productId").asText(), quantity, Long::sum);
      }
    }
    ArrayNode merged = Json.object().arrayNode();
    quantities.forEach(
        (product, quantity) ->
            merged.addObject().put("productId", product).put("quantity", quantity));
    return merged;
  }
}
