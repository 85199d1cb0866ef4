package io.knactor.exchange.embedded;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeProvider;
import io.knactor.exchange.embedded.internal.EmbeddedUri;
import java.net.URI;
import java.util.Map;

/**
 * Opens {@link EmbeddedObjectExchange}s for URIs {@code embedded:/absolute/dir} and {@code
 * embedded:relative/dir}, optionally with options as a query: {@code
 * embedded:/var/lib/knactor/objects?changeLogRetention=500000&historyLimit=32&syncWrites=true}.
 */
public final class EmbeddedObjectExchangeProvider implements ObjectExchangeProvider {
  public static final String SCHEME = EmbeddedUri.SCHEME;

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * @throws InvalidInputException when the URI names no directory or carries an unknown option
   */
  @Override
  public ObjectExchange open(URI uri) {
    EmbeddedUri parsed = EmbeddedUri.parse(uri, "objects");
    EmbeddedOptions options = EmbeddedOptions.defaults();
    for (Map.Entry<String, String> option : parsed.options().entrySet()) {
      options = apply(options, option.getKey(), option.getValue(), uri);
    }
    return EmbeddedObjectExchange.open(parsed.dir(), options);
  }

  private static EmbeddedOptions apply(
      EmbeddedOptions options, String name, String value, URI uri) {
    try {
      return switch (name) {
        case "changeLogRetention" -> options.withChangeLogRetention(Long.parseLong(value));
        case "historyLimit" -> options.withHistoryLimit(Integer.parseInt(value));
        case "syncWrites" ->
            options.withSyncWrites(EmbeddedUri.parseBoolean(name, value, uri, "objects"));
        default ->
            throw EmbeddedUri.unknownOption(
                name, uri, "changeLogRetention, historyLimit, syncWrites", "objects");
      };
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "option " + name + " in '" + uri + "' must be a number, got '" + value + "'",
          "objects",
          e);
    }
  }
}
