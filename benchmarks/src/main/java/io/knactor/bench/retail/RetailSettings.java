package io.knactor.bench.retail;

/**
 * How much of each part of the retail benchmark runs.
 *
 * @param warmupOrders orders placed, one at a time, before the measured ones (per backend)
 * @param measuredOrders orders placed one at a time whose propagation is measured (per backend)
 * @param throughputOrders orders placed at once on the embedded exchange, timed until all complete
 * @param grpcWarmup unmeasured calls of each gRPC method first
 * @param grpcCalls measured calls of each gRPC method
 * @param embeddedOnly run only the embedded passes (synced and unsynced), not Redis and etcd
 */
public record RetailSettings(
    int warmupOrders,
    int measuredOrders,
    int throughputOrders,
    int grpcWarmup,
    int grpcCalls,
    boolean embeddedOnly) {

  /** The documented run: a few minutes on a 2-core machine. */
  public static RetailSettings full() {
    return new RetailSettings(300, 1_000, 10_000, 5_000, 5_000, false);
  }

  /** A smoke run of the harness in about two minutes; its numbers are not worth publishing. */
  public static RetailSettings quick() {
    return new RetailSettings(50, 200, 500, 1_000, 1_000, false);
  }

  /**
   * These settings for the embedded passes only, without the throughput run: for comparing the
   * in-JVM and HTTP propagation of two builds back to back; not a run to publish.
   */
  public RetailSettings onlyEmbedded() {
    return new RetailSettings(warmupOrders, measuredOrders, 0, grpcWarmup, grpcCalls, true);
  }

  /** Whether these are the settings of the documented run, whose numbers may be published. */
  public boolean publishable() {
    return equals(full());
  }
}
