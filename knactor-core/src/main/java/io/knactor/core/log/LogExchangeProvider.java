package io.knactor.core.log;

import java.net.URI;

/**
 * Opens log exchanges for one URI scheme, found with {@link java.util.ServiceLoader}: a backend
 * module lists its provider in {@code META-INF/services/io.knactor.core.log.LogExchangeProvider}.
 */
public interface LogExchangeProvider {
  /** The URI scheme this provider serves, e.g. {@code embedded} or {@code kafka}. */
  String scheme();

  /** Opens the exchange the URI names; the caller closes it. */
  LogExchange open(URI uri);
}
