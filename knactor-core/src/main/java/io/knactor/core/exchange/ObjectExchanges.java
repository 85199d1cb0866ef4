package io.knactor.core.exchange;

import io.knactor.core.backend.Backends;
import io.knactor.core.error.InvalidInputException;
import java.net.URI;

/** Opens an object exchange by URI, choosing the backend by the URI's scheme. */
public final class ObjectExchanges {
  private ObjectExchanges() {}

  /**
   * Opens the exchange at {@code uri}, e.g. {@code embedded:/var/lib/knactor}.
   *
   * @throws InvalidInputException when no backend, or more than one, serves the scheme; the message
   *     lists the schemes on the classpath
   */
  public static ObjectExchange open(URI uri) {
    return Backends.forScheme(
            ObjectExchangeProvider.class,
            ObjectExchangeProvider::scheme,
            uri,
            "object exchange",
            "objects")
        .open(uri);
  }
}
