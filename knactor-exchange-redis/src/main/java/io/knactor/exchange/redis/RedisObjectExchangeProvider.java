package io.knactor.exchange.redis;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeProvider;
import java.net.URI;
import java.time.Duration;

/**
 * Opens {@link RedisObjectExchange}s for URIs {@code redis://host:port[/database][?options]}, e.g.
 * {@code
 * redis://127.0.0.1:6379/0?prefix=shop&historyLimit=32&changeLogRetention=500000&timeoutMillis=5000}.
 * The port defaults to 6379, the database to 0, the prefix to {@code knactor}.
 */
public final class RedisObjectExchangeProvider implements ObjectExchangeProvider {
  public static final String SCHEME = "redis";

  private static final String KNOWN = "prefix, historyLimit, changeLogRetention, timeoutMillis";

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * @throws InvalidInputException when the URI names no host, or has a bad database or option
   * @throws io.knactor.core.error.UnavailableException when the server cannot be reached
   */
  @Override
  public ObjectExchange open(URI uri) {
    return RedisObjectExchange.open(options(uri));
  }

  /** The options a URI names, without connecting. */
  public static RedisOptions options(URI uri) {
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidInputException(
          "invalid Redis exchange URI '"
              + uri
              + "': expected redis://host:port[/database][?prefix=...]",
          "objects");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidInputException(
          "invalid Redis exchange URI '"
              + uri
              + "': credentials in the URI are not supported; use a local or firewalled server",
          "objects");
    }
    RedisOptions options =
        RedisOptions.of(
            uri.getHost(), uri.getPort() < 0 ? RedisOptions.DEFAULT_PORT : uri.getPort());
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.equals("/")) {
      options = options.withDatabase(number(path.substring(1), "database", uri));
    }
    if (uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        options = apply(options, parameter, uri);
      }
    }
    return options;
  }

  private static RedisOptions apply(RedisOptions options, String parameter, URI uri) {
    int eq = parameter.indexOf('=');
    String name = eq < 0 ? parameter : parameter.substring(0, eq);
    String value = eq < 0 ? "" : parameter.substring(eq + 1);
    return switch (name) {
      case "prefix" -> options.withPrefix(value);
      case "historyLimit" -> options.withHistoryLimit(number(value, name, uri));
      case "changeLogRetention" -> options.withChangeLogRetention(number(value, name, uri));
      case "timeoutMillis" -> options.withTimeout(Duration.ofMillis(number(value, name, uri)));
      default ->
          throw new InvalidInputException(
              "unknown option '" + name + "' in '" + uri + "'; known: " + KNOWN, "objects");
    };
  }

  private static int number(String value, String name, URI uri) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          name + " in '" + uri + "' must be a number, got '" + value + "'", "objects", e);
    }
  }
}
