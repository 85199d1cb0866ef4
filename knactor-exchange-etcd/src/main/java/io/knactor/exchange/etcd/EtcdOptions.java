package io.knactor.exchange.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How to reach an etcd cluster and where in it the exchange lives.
 *
 * @param endpoints the members' client URLs, e.g. {@code http://127.0.0.1:2379}; requests fail over
 *     between them
 * @param prefix the key prefix of the exchange, e.g. {@code /knactor}; several exchanges share a
 *     cluster under different prefixes, neither a prefix of the other's keys
 * @param historyLimit how many versions of each object the history keeps
 * @param maxRequestBytes the largest write request the exchange sends, as etcd counts it (keys and
 *     values); etcd's own {@code --max-request-bytes} must be at least as large (its default is
 *     this default, 1.5 MiB)
 * @param requestTimeout how long one request to a member may take
 * @param retryWindow how long reads and watches keep trying other members (while a leader is
 *     elected, or a member restarts) before failing with UnavailableException
 */
public record EtcdOptions(
    List<URI> endpoints,
    String prefix,
    int historyLimit,
    long maxRequestBytes,
    Duration requestTimeout,
    Duration retryWindow) {
  public static final String DEFAULT_PREFIX = "/knactor";
  public static final int DEFAULT_HISTORY_LIMIT = 16;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1_572_864;

  public EtcdOptions {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one etcd endpoint is needed");
    }
    if (prefix.isEmpty() || !prefix.startsWith("/") || prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "prefix '" + prefix + "' must start with '/' and not end with '/'");
    }
    if (historyLimit < 1) {
      throw new IllegalArgumentException("historyLimit must be >= 1");
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be >= 1");
    }
  }

  /**
   * Defaults for the given endpoints: prefix /knactor, 16 versions, 1.5 MiB requests, 10 s
   * timeouts.
   */
  public static EtcdOptions of(List<URI> endpoints) {
    return new EtcdOptions(
        endpoints,
        DEFAULT_PREFIX,
        DEFAULT_HISTORY_LIMIT,
        DEFAULT_MAX_REQUEST_BYTES,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10));
  }

  public EtcdOptions withPrefix(String prefix) {
    return new EtcdOptions(
        endpoints, prefix, historyLimit, maxRequestBytes, requestTimeout, retryWindow);
  }

  public EtcdOptions withHistoryLimit(int historyLimit) {
    return new EtcdOptions(
        endpoints, prefix, historyLimit, maxRequestBytes, requestTimeout, retryWindow);
  }

  public EtcdOptions withMaxRequestBytes(long maxRequestBytes) {
    return new EtcdOptions(
        endpoints, prefix, historyLimit, maxRequestBytes, requestTimeout, retryWindow);
  }

  public EtcdOptions withRetryWindow(Duration retryWindow) {
    return new EtcdOptions(
        endpoints, prefix, historyLimit, maxRequestBytes, requestTimeout, retryWindow);
  }
}
