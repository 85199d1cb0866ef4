package io.knactor.bench.foundation;

/** How a writer and its watcher reach the exchange in the latency scenario. */
enum LatencyPath {
  /** Both call the embedded exchange directly. */
  IN_JVM("in-JVM, embedded exchange"),
  /** Both use {@code KnactorServer.connect(token)}: the server's checks, no serialization. */
  IN_JVM_SERVER("in-JVM, server connection (authz + schema check)"),
  /** Both use {@code HttpObjectExchange} against the server on 127.0.0.1. */
  HTTP("HTTP on loopback (HttpObjectExchange)");

  final String label;

  LatencyPath(String label) {
    this.label = label;
  }
}
