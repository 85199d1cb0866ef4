package io.knactor.core.exchange;

import io.knactor.core.error.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

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
    List<ObjectExchangeProvider> all =
        ServiceLoader.load(ObjectExchangeProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());
    List<ObjectExchangeProvider> matching =
        all.stream().filter(p -> p.scheme().equals(uri.getScheme())).collect(Collectors.toList());
    if (matching.size() == 1) {
      return matching.get(0).open(uri);
    }
    String available =
        all.stream().map(ObjectExchangeProvider::scheme).sorted().collect(Collectors.joining(", "));
    throw new InvalidInputException(
        (matching.isEmpty() ? "no object exchange backend for '" : "several backends claim '")
            + uri.getScheme()
            + ":' (available: "
            + (available.isEmpty() ? "none" : available)
            + ")",
        "objects");
  }
}
