package io.knactor.exchange.kafka;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchangeProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Opens {@link KafkaLogExchange}s for URIs {@code kafka://host:port[,host:port][?options]}, options
 * {@code namespace=knactor}, {@code replicationFactor=3} and {@code memberTimeoutMs=10000} (see
 * {@link KafkaLogOptions}).
 */
public final class KafkaLogExchangeProvider implements LogExchangeProvider {
  @Override
  public String scheme() {
    return "kafka";
  }

  /**
   * @throws InvalidInputException when the URI names no broker or carries an unknown or bad option
   */
  @Override
  public LogExchange open(URI uri) {
    return KafkaLogExchange.open(options(uri));
  }

  /** The options {@code uri} names, checked. */
  public static KafkaLogOptions options(URI uri) {
    String servers = uri.getRawAuthority();
    if (servers == null || servers.isBlank()) {
      throw new InvalidInputException(
          "log exchange URI '" + uri + "' names no broker: use kafka://host:port[,host:port]",
          "logs");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new InvalidInputException(
          "log exchange URI '" + uri + "' has a path; kafka URIs take none", "logs");
    }
    KafkaLogOptions options = KafkaLogOptions.of(servers);
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return options;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      options =
          switch (name) {
            case "namespace" -> options.withNamespace(value);
            case "replicationFactor" -> options.withReplicationFactor(shortValue(name, value, uri));
            case "memberTimeoutMs" ->
                options.withMemberTimeout(Duration.ofMillis(longValue(name, value, uri)));
            default ->
                throw new InvalidInputException(
                    "unknown option '"
                        + name
                        + "' in '"
                        + uri
                        + "'; kafka log exchanges take namespace, replicationFactor, memberTimeoutMs",
                    "logs");
          };
    }
    return options;
  }

  private static short shortValue(String name, String value, URI uri) {
    long number = longValue(name, value, uri);
    if (number != (short) number) {
      throw notANumber(name, value, uri, null);
    }
    return (short) number;
  }

  private static long longValue(String name, String value, URI uri) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw notANumber(name, value, uri, e);
    }
  }

  private static InvalidInputException notANumber(
      String name, String value, URI uri, NumberFormatException cause) {
    return new InvalidInputException(
        "option " + name + " in '" + uri + "' must be a number, got '" + value + "'",
        "logs",
        cause);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
