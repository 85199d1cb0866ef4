package io.knactor.exchange.embedded.log;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchangeProvider;
import io.knactor.exchange.embedded.internal.EmbeddedUri;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Opens {@link EmbeddedLogExchange}s for URIs {@code embedded:/absolute/dir} and {@code
 * embedded:relative/dir}, optionally with options as a query: {@code
 * embedded:/var/lib/knactor/logs?syncWrites=true&retentionInterval=PT30S}.
 */
public final class EmbeddedLogExchangeProvider implements LogExchangeProvider {
  @Override
  public String scheme() {
    return EmbeddedUri.SCHEME;
  }

  /**
   * @throws InvalidInputException when the URI names no directory or carries an unknown option
   */
  @Override
  public LogExchange open(URI uri) {
    EmbeddedUri parsed = EmbeddedUri.parse(uri, "logs");
    EmbeddedLogOptions options = EmbeddedLogOptions.defaults();
    for (Map.Entry<String, String> option : parsed.options().entrySet()) {
      String name = option.getKey();
      String value = option.getValue();
      options =
          switch (name) {
            case "syncWrites" ->
                options.withSyncWrites(EmbeddedUri.parseBoolean(name, value, uri, "logs"));
            case "retentionInterval" -> options.withRetentionInterval(duration(value, uri));
            default ->
                throw EmbeddedUri.unknownOption(name, uri, "retentionInterval, syncWrites", "logs");
          };
    }
    return EmbeddedLogExchange.open(parsed.dir(), options);
  }

  private static Duration duration(String value, URI uri) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "option retentionInterval in '"
              + uri
              + "' must be an ISO-8601 duration such as PT30S, got '"
              + value
              + "'",
          "logs",
          e);
    }
  }
}
