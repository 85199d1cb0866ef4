package io.knactor.core.exchange;

import java.net.URI;

/**
 * Opens object exchanges for one URI scheme, found with {@link java.util.ServiceLoader}: a backend
 * module lists its provider in {@code
 * META-INF/services/io.knactor.core.exchange.ObjectExchangeProvider}.
 */
public interface ObjectExchangeProvider {
  /** The URI scheme this provider serves, e.g. {@code embedded} or {@code redis}. */
  String scheme();

  /** Opens the exchange the URI names; the caller closes it. */
  ObjectExchange open(URI uri);
}
