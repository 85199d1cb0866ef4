package io.knactor.bench.retail;

/**
 * How much of each part of the retail benchmark runs.
 *
 * @param warmupOrders orders placed, one at a time, before the measured ones (per backend)
 * @param measuredOrders orders placed one at a time whose propagation is measured (per backend)
 * @param throughputOrders orders placed at once on the embedded exchange, timed until all complete
 * @param grpcWarmup unmeasured calls of each gRPC method first
 * @param grpcCalls measured calls of each gRPC method
 */
public record RetailSettings(
    int warmupOrders, int measuredOrders, int throughputOrders, int grpcWarmup, int grpcCalls) {

  /** The documented run: a few minutes on a 2-core machine. */
  public static RetailSettings full() {
    return new RetailSettings(300, 1_000, 10_000, 5_000, 5_000);
  }

  /** A smoke run of the harness in about two minutes; its numbers are not worth publishing. */
  public static RetailSettings quick() {
    return new RetailSettings(50, 200, 500, 1_000, 1_000);
  }
}
