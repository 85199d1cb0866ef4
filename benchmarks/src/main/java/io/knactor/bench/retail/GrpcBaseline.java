package io.knactor.bench.retail;

import io.knactor.bench.report.Samples;
import io.knactor.examples.retail.grpc.Deployment;
import io.knactor.examples.retail.grpc.RetailGrpcApp;
import io.knactor.examples.retail.grpc.api.shipping.GetQuoteRequest;
import io.knactor.examples.retail.grpc.api.shipping.ShipOrderRequest;
import io.knactor.examples.retail.grpc.api.shipping.ShippingServiceGrpc;
import java.time.Clock;
import java.util.List;

/**
 * The baseline: the gRPC app's Shipping service (examples/online-retail-grpc) on loopback, called
 * the way its Checkout calls it (a blocking unary stub on a plaintext channel): GetQuote and
 * ShipOrder, one call in flight at a time, each timed from the call to its answer.
 */
final class GrpcBaseline {
  /** Latencies of the two calls. */
  record Result(Samples getQuote, Samples shipOrder) {}

  private static final List<String> ITEMS = List.of("Watch", "Mug");
  private static final String ADDRESS = "1 Main St, Springfield";

  private GrpcBaseline() {}

  static Result run(int warmup, int calls) {
    try (RetailGrpcApp app = RetailGrpcApp.start(Deployment.load(), Clock.systemUTC())) {
      ShippingServiceGrpc.ShippingServiceBlockingStub shipping =
          ShippingServiceGrpc.newBlockingStub(app.channelTo("shipping"));
      GetQuoteRequest quote =
          GetQuoteRequest.newBuilder()
              .setAddress(ADDRESS)
              .addAllItems(ITEMS)
              .setMethod("ground")
              .build();
      for (int i = 0; i < warmup; i++) {
        shipping.getQuote(quote);
        shipping.shipOrder(ship(i));
      }
      Samples getQuote = new Samples();
      Samples shipOrder = new Samples();
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        shipping.getQuote(quote);
        getQuote.add(System.nanoTime() - start);
        ShipOrderRequest request = ship(warmup + i);
        start = System.nanoTime();
        shipping.shipOrder(request);
        shipOrder.add(System.nanoTime() - start);
      }
      return new Result(getQuote, shipOrder);
    }
  }

  private static ShipOrderRequest ship(int i) {
    return ShipOrderRequest.newBuilder()
        .setOrderId("g-" + i)
        .setAddress(ADDRESS)
        .addAllItems(ITEMS)
        .setMethod("ground")
        .build();
  }
}
