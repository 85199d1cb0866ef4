package io.knactor.examples.retail.grpc.checkout;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.domain.Money;
import io.knactor.examples.retail.grpc.Peers;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.cart.Cart;
import io.knactor.examples.retail.grpc.api.cart.CartItem;
import io.knactor.examples.retail.grpc.api.cart.CartServiceGrpc;
import io.knactor.examples.retail.grpc.api.cart.EmptyCartRequest;
import io.knactor.examples.retail.grpc.api.cart.GetCartRequest;
import io.knactor.examples.retail.grpc.api.checkout.CheckoutServiceGrpc;
import io.knactor.examples.retail.grpc.api.checkout.CreditCardInfo;
import io.knactor.examples.retail.grpc.api.checkout.OrderItem;
import io.knactor.examples.retail.grpc.api.checkout.OrderResult;
import io.knactor.examples.retail.grpc.api.checkout.PlaceOrderRequest;
import io.knactor.examples.retail.grpc.api.checkout.PlaceOrderResponse;
import io.knactor.examples.retail.grpc.api.currency.ConvertRequest;
import io.knactor.examples.retail.grpc.api.currency.CurrencyServiceGrpc;
import io.knactor.examples.retail.grpc.api.email.EmailServiceGrpc;
import io.knactor.examples.retail.grpc.api.email.SendOrderConfirmationRequest;
import io.knactor.examples.retail.grpc.api.payment.ChargeRequest;
import io.knactor.examples.retail.grpc.api.payment.CreditCard;
import io.knactor.examples.retail.grpc.api.payment.PaymentServiceGrpc;
import io.knactor.examples.retail.grpc.api.productcatalog.GetProductRequest;
import io.knactor.examples.retail.grpc.api.productcatalog.Product;
import io.knactor.examples.retail.grpc.api.productcatalog.ProductCatalogServiceGrpc;
import io.knactor.examples.retail.grpc.api.shipping.GetQuoteRequest;
import io.knactor.examples.retail.grpc.api.shipping.GetQuoteResponse;
import io.knactor.examples.retail.grpc.api.shipping.ShipOrderRequest;
import io.knactor.examples.retail.grpc.api.shipping.ShippingServiceGrpc;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Checkout service: places an order the way Online Boutique's checkoutservice does, by calling
 * the other services in turn: Cart for the items, ProductCatalog and Currency to price them,
 * Shipping for a quote, Payment to charge the card, Shipping to ship, Cart to empty the cart, and
 * Email to confirm. A failed call fails the order with the callee's status; its description names
 * the step that failed.
 */
public final class CheckoutService extends CheckoutServiceGrpc.CheckoutServiceImplBase {
  private static final long DEADLINE_SECONDS = 10;

  private final CartServiceGrpc.CartServiceBlockingStub cart;
  private final ProductCatalogServiceGrpc.ProductCatalogServiceBlockingStub catalog;
  private final CurrencyServiceGrpc.CurrencyServiceBlockingStub currency;
  private final ShippingServiceGrpc.ShippingServiceBlockingStub shipping;
  private final PaymentServiceGrpc.PaymentServiceBlockingStub payment;
  private final EmailServiceGrpc.EmailServiceBlockingStub email;

  public CheckoutService(Peers peers) {
    cart = CartServiceGrpc.newBlockingStub(peers.channel("cart"));
    catalog = ProductCatalogServiceGrpc.newBlockingStub(peers.channel("productcatalog"));
    currency = CurrencyServiceGrpc.newBlockingStub(peers.channel("currency"));
    shipping = ShippingServiceGrpc.newBlockingStub(peers.channel("shipping"));
    payment = PaymentServiceGrpc.newBlockingStub(peers.channel("payment"));
    email = EmailServiceGrpc.newBlockingStub(peers.channel("email"));
  }

  @Override
  public void placeOrder(PlaceOrderRequest request, StreamObserver<PlaceOrderResponse> response) {
    Unary.respond(response, () -> PlaceOrderResponse.newBuilder().setOrder(place(request)).build());
  }

  private OrderResult place(PlaceOrderRequest request) {
    String orderId = "o-" + UUID.randomUUID();
    String userCurrency = request.getUserCurrency();
    Cart userCart =
        call(
            "getting the cart",
            () ->
                cart.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getCart(GetCartRequest.newBuilder().setUserId(request.getUserId()).build()));
    if (userCart.getItemsCount() == 0) {
      throw Status.FAILED_PRECONDITION
          .withDescription("the cart of user '" + request.getUserId() + "' is empty")
          .asRuntimeException();
    }
    OrderResult.Builder order = OrderResult.newBuilder().setOrderId(orderId);
    order.setCurrency(userCurrency);
    double cost = 0;
    for (CartItem line : userCart.getItemsList()) {
      Product product =
          call(
              "looking up product " + line.getProductId(),
              () ->
                  catalog
                      .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                      .getProduct(
                          GetProductRequest.newBuilder().setId(line.getProductId()).build()));
      double price =
          convert(
              "pricing product " + line.getProductId(), product.getPriceUsd(), "USD", userCurrency);
      order.addItems(
          OrderItem.newBuilder()
              .setProductId(product.getId())
              .setName(product.getName())
              .setQuantity(line.getQuantity())
              .setPrice(price));
      cost += price * line.getQuantity();
    }
    cost = Money.cents(cost);
    List<String> names = order.getItemsList().stream().map(OrderItem::getName).toList();
    String method = cost > 1000.0 ? "air" : "ground";
    GetQuoteResponse quote =
        call(
            "getting a shipping quote",
            () ->
                shipping
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getQuote(
                        GetQuoteRequest.newBuilder()
                            .setAddr(request.getAddress())
                            .addAllItems(names)
                            .setMethod(method)
                            .build()));
    double shippingCost =
        convert(
            "converting the shipping quote", quote.getPrice(), quote.getCurrency(), userCurrency);
    double totalCost = Money.cents(cost + shippingCost);
    CreditCardInfo card = request.getCreditCard();
    String transactionId =
        call(
                "charging the card",
                () ->
                    payment
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .charge(
                            ChargeRequest.newBuilder()
                                .setOrderId(orderId)
                                .setAmount(totalCost)
                                .setCurrency(userCurrency)
                                .setCreditCard(
                                    CreditCard.newBuilder()
                                        .setNumber(card.getNumber())
                                        .setCvv(card.getCvv())
                                        .setExpirationYear(card.getExpirationYear())
                                        .setExpirationMonth(card.getExpirationMonth()))
                                .build()))
            .getTransactionId();
    String trackingId =
        call(
                "shipping the order",
                () ->
                    shipping
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .shipOrder(
                            ShipOrderRequest.newBuilder()
                                .setOrderId(orderId)
                                .setAddr(request.getAddress())
                                .addAllItems(names)
                                .setMethod(method)
                                .build()))
            .getTrackingId();
    order
        .setCost(cost)
        .setShippingMethod(method)
        .setShippingCost(shippingCost)
        .setTotalCost(totalCost)
        .setPaymentTransactionId(transactionId)
        .setShippingTrackingId(trackingId);
    call(
        "emptying the cart",
        () ->
            cart.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .emptyCart(EmptyCartRequest.newBuilder().setUserId(request.getUserId()).build()));
    call(
        "sending the confirmation",
        () ->
            email
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .sendOrderConfirmation(
                    SendOrderConfirmationRequest.newBuilder()
                        .setEmail(request.getEmail())
                        .setOrderId(orderId)
                        .addAllItems(names)
                        .setTotal(totalCost)
                        .setCurrency(userCurrency)
                        .setTrackingId(trackingId)
                        .build()));
    return order.build();
  }

  private double convert(String step, double amount, String from, String to) {
    return call(
            step,
            () ->
                currency
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .convert(
                        ConvertRequest.newBuilder()
                            .setFrom(
                                io.knactor.examples.retail.grpc.api.currency.Money.newBuilder()
                                    .setAmount(amount)
                                    .setCurrency(from))
                            .setToCurrency(to)
                            .build()))
        .getAmount();
  }

  /** Makes a call to another service; its failure fails the order, naming {@code step}. */
  private static <T> T call(String step, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      throw status
          .withDescription(step + " failed: " + status.getCode() + ": " + status.getDescription())
          .withCause(e)
          .asRuntimeException();
    }
  }
}
