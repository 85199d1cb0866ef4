package io.knactor.exchange.embedded;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeProvider;
import java.net.URI;
import java.nio.file.Path;

/**
 * Opens {@link EmbeddedObjectExchange}s for URIs {@code embedded:/absolute/dir} and {@code
 * embedded:relative/dir}, optionally with options as a query: {@code
 * embedded:/var/lib/knactor/objects?changeLogRetention=500000&historyLimit=32&syncWrites=true}.
 */
public final class EmbeddedObjectExchangeProvider implements ObjectExchangeProvider {
  public static final String SCHEME = "embedded";

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * @throws InvalidInputException when the URI names no directory or carries an unknown option
   */
  @Override
  public ObjectExchange open(URI uri) {
    String raw = uri.getRawSchemeSpecificPart();
    int query = raw.indexOf('?');
    String rawPath = query < 0 ? raw : raw.substring(0, query);
    if (rawPath.isEmpty() || rawPath.startsWith("//") && !rawPath.startsWith("///")) {
      throw new InvalidInputException(
          "invalid embedded exchange URI '"
              + uri
              + "': expected embedded:/absolute/dir or embedded:relative/dir",
          "objects");
    }
    Path dir = Path.of(URI.create(SCHEME + ":" + rawPath).getSchemeSpecificPart());
    EmbeddedOptions options = EmbeddedOptions.defaults();
    if (query >= 0) {
      for (String parameter : raw.substring(query + 1).split("&")) {
        options = apply(options, parameter, uri);
      }
    }
    return EmbeddedObjectExchange.open(dir, options);
  }

  private static EmbeddedOptions apply(EmbeddedOptions options, String parameter, URI uri) {
    int eq = parameter.indexOf('=');
    String name = eq < 0 ? parameter : parameter.substring(0, eq);
    String value = eq < 0 ? "" : parameter.substring(eq + 1);
    try {
      return switch (name) {
        case "changeLogRetention" -> options.withChangeLogRetention(Long.parseLong(value));
        case "historyLimit" -> options.withHistoryLimit(Integer.parseInt(value));
        case "syncWrites" -> options.withSyncWrites(parseBoolean(value, uri));
        default ->
            throw new InvalidInputException(
                "unknown option '"
                    + name
                    + "' in '"
                    + uri
                    + "'; known: changeLogRetention, historyLimit, syncWrites",
                "objects");
      };
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "option " + name + " in '" + uri + "' must be a number, got '" + value + "'",
          "objects",
          e);
    }
  }

  private static boolean parseBoolean(String value, URI uri) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new InvalidInputException(
        "option syncWrites in '" + uri + "' must be true or false, got '" + value + "'", "objects");
  }
}
