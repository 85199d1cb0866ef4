package io.knactor.core.log;

import io.knactor.core.backend.Backends;
import java.net.URI;

/** Opens a log exchange by URI, choosing the backend by the URI's scheme. */
public final class LogExchanges {
  private LogExchanges() {}

  /**
   * Opens the log exchange at {@code uri}, e.g. {@code embedded:/var/lib/knactor/logs}.
   *
   * @throws io.knactor.core.error.InvalidInputException when no backend, or more than one, serves
   *     the scheme; the message lists the schemes on the classpath
   */
  public static LogExchange open(URI uri) {
    return Backends.forScheme(
            LogExchangeProvider.class, LogExchangeProvider::scheme, uri, "log exchange", "logs")
        .open(uri);
  }
}
