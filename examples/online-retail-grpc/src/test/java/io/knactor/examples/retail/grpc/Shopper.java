package io.knactor.examples.retail.grpc;

import io.grpc.Channel;
import io.knactor.examples.retail.grpc.api.cart.AddItemRequest;
import io.knactor.examples.retail.grpc.api.cart.CartItem;
import io.knactor.examples.retail.grpc.api.cart.CartServiceGrpc;
import io.knactor.examples.retail.grpc.api.checkout.CheckoutServiceGrpc;
import io.knactor.examples.retail.grpc.api.checkout.CreditCardInfo;
import io.knactor.examples.retail.grpc.api.checkout.OrderResult;
import io.knactor.examples.retail.grpc.api.checkout.PlaceOrderRequest;

/** A front end's calls in tests: fill a cart, place its order. */
final class Shopper {
  static final String ADDRESS = "1600 Amphitheatre Parkway, Mountain View";
  static final String EMAIL = "ada@example.com";
  static final CreditCardInfo VALID_CARD =
      CreditCardInfo.newBuilder()
          .setNumber("4111-1111-1111-1111")
          .setCvv(123)
          .setExpirationYear(2030)
          .setExpirationMonth(1)
          .build();

  private final CartServiceGrpc.CartServiceBlockingStub cart;
  private final CheckoutServiceGrpc.CheckoutServiceBlockingStub checkout;
  private final String userId;

  Shopper(Channel cart, Channel checkout, String userId) {
    this.cart = CartServiceGrpc.newBlockingStub(cart);
    this.checkout = CheckoutServiceGrpc.newBlockingStub(checkout);
    this.userId = userId;
  }

  Shopper add(String productId, int quantity) {
    cart.addItem(
        AddItemRequest.newBuilder()
            .setUserId(userId)
            .setItem(CartItem.newBuilder().setProductId(productId).setQuantity(quantity))
            .build());
    return this;
  }

  int cartLines() {
    return cart.getCart(
            io.knactor.examples.retail.grpc.api.cart.GetCartRequest.newBuilder()
                .setUserId(userId)
                .build())
        .getItemsCount();
  }

  OrderResult placeOrder(String currency, CreditCardInfo card) {
    return checkout
        .placeOrder(
            PlaceOrderRequest.newBuilder()
                .setUserId(userId)
                .setUserCurrency(currency)
                .setAddress(ADDRESS)
                .setEmail(EMAIL)
                .setCreditCard(card)
                .build())
        .getOrder();
  }
}
