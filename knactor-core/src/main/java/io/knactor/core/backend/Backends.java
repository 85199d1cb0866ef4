package io.knactor.core.backend;

import io.knactor.core.error.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the one {@link ServiceLoader} provider that serves a URI's scheme, for every kind of
 * exchange: a backend is chosen by its scheme, never by an if-chain on names.
 */
public final class Backends {
  private Backends() {}

  /**
   * The provider of {@code type} whose {@code scheme} equals the scheme of {@code uri}.
   *
   * @param what names the kind of backend in the error, e.g. "object exchange"
   * @param field the configuration field the URI came from, e.g. "objects"
   * @throws InvalidInputException when no provider, or more than one, serves the scheme; the
   *     message lists the schemes on the classpath
   */
  public static <P> P forScheme(
      Class<P> type, Function<P, String> scheme, URI uri, String what, String field) {
    List<P> all =
        ServiceLoader.load(type).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());
    List<P> matching =
        all.stream()
            .filter(p -> scheme.apply(p).equals(uri.getScheme()))
            .collect(Collectors.toList());
    if (matching.size() == 1) {
      return matching.get(0);
    }
    String available = all.stream().map(scheme).sorted().collect(Collectors.joining(", "));
    throw new InvalidInputException(
        (matching.isEmpty() ? "no " + what + " backend for '" : "several backends claim '")
            + uri.getScheme()
            + ":' (available: "
            + (available.isEmpty() ? "none" : available)
            + ")",
        field);
  }
}
