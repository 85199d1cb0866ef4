package io.knactor.examples.retail.grpc.cart;

import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.cart.AddItemRequest;
import io.knactor.examples.retail.grpc.api.cart.AddItemResponse;
import io.knactor.examples.retail.grpc.api.cart.Cart;
import io.knactor.examples.retail.grpc.api.cart.CartItem;
import io.knactor.examples.retail.grpc.api.cart.CartServiceGrpc;
import io.knactor.examples.retail.grpc.api.cart.EmptyCartRequest;
import io.knactor.examples.retail.grpc.api.cart.EmptyCartResponse;
import io.knactor.examples.retail.grpc.api.cart.GetCartRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cart service: a cart per user, in memory, with one line per product (added quantities of the
 * same product merge, as in the Knactor app's Cart). Thread-safe.
 */
public final class CartService extends CartServiceGrpc.CartServiceImplBase {
  private final Map<String, Map<String, Integer>> carts = new ConcurrentHashMap<>();

  @Override
  public void addItem(AddItemRequest request, StreamObserver<AddItemResponse> response) {
    Unary.respond(
        response,
        () -> {
          CartItem item = request.getItem();
          if (item.getQuantity() <= 0) {
            throw new IllegalArgumentException(
                "quantity must be positive, got " + item.getQuantity());
          }
          carts.compute(
              request.getUserId(),
              (user, lines) -> {
                Map<String, Integer> merged = lines == null ? new LinkedHashMap<>() : lines;
                merged.merge(item.getProductId(), item.getQuantity(), Integer::sum);
                return merged;
              });
          return AddItemResponse.getDefaultInstance();
        });
  }

  @Override
  public void getCart(GetCartRequest request, StreamObserver<Cart> response) {
    Unary.respond(
        response,
        () -> {
          Cart.Builder cart = Cart.newBuilder().setUserId(request.getUserId());
          carts.computeIfPresent(
              request.getUserId(),
              (user, lines) -> {
                lines.forEach(
                    (product, quantity) ->
                        cart.addItems(
                            CartItem.newBuilder().setProductId(product).setQuantity(quantity)));
                return lines;
              });
          return cart.build();
        });
  }

  @Override
  public void emptyCart(EmptyCartRequest request, StreamObserver<EmptyCartResponse> response) {
    Unary.respond(
        response,
        () -> {
          carts.remove(request.getUserId());
          return EmptyCartResponse.getDefaultInstance();
        });
  }
}
