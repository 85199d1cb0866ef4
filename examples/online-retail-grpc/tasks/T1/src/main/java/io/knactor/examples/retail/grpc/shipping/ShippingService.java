package io.knactor.examples.retail.grpc.shipping;

import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.domain.Shipments;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.shipping.GetQuoteRequest;
import io.knactor.examples.retail.grpc.api.shipping.GetQuoteResponse;
import io.knactor.examples.retail.grpc.api.shipping.ShipOrderRequest;
import io.knactor.examples.retail.grpc.api.shipping.ShipOrderResponse;
import io.knactor.examples.retail.grpc.api.shipping.ShippingServiceGrpc;

/** The Shipping service: quotes by item count and method ({@link Shipments}) and ships. */
public final class ShippingService extends ShippingServiceGrpc.ShippingServiceImplBase {

  @Override
  public void getQuote(GetQuoteRequest request, StreamObserver<GetQuoteResponse> response) {
    Unary.respond(
        response,
        () ->
            GetQuoteResponse.newBuilder()
                .setPrice(
                    Shipments.quote(requireItems(request.getItemsCount()), request.getMethod()))
                .setCurrency(Shipments.QUOTE_CURRENCY)
                .build());
  }

  @Override
  public void shipOrder(ShipOrderRequest request, StreamObserver<ShipOrderResponse> response) {
    Unary.respond(
        response,
        () -> {
          requireItems(request.getItemsCount());
          String address = request.getAddr();
          if (address.isBlank()) {
            throw new IllegalArgumentException("the shipment has no address");
          }
          return ShipOrderResponse.newBuilder()
              .setTrackingId(Shipments.trackingId(request.getOrderId(), address))
              .build();
        });
  }

  private static int requireItems(int count) {
    if (count == 0) {
      throw new IllegalArgumentException("the shipment has no items");
    }
    return count;
  }
}
