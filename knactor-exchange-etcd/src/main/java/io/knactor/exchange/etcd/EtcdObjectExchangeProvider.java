package io.knactor.exchange.etcd;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@link EtcdObjectExchange}s for URIs {@code etcd://host:port[,host:port...]}, optionally
 * with options as a query: {@code
 * etcd://10.0.0.1:2379,10.0.0.2:2379,10.0.0.3:2379?prefix=/shop&historyLimit=32&maxRequestBytes=8388608&retryWindow=30}
 * (retryWindow in seconds).
 */
public final class EtcdObjectExchangeProvider implements ObjectExchangeProvider {
  public static final String SCHEME = "etcd";

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * @throws InvalidInputException when the URI names no endpoint or carries an unknown option
   * @throws io.knactor.core.error.UnavailableException when no endpoint answers
   */
  @Override
  public ObjectExchange open(URI uri) {
    return EtcdObjectExchange.open(parse(uri));
  }

  /** The options a URI names. */
  public static EtcdOptions parse(URI uri) {
    String raw = uri.getRawSchemeSpecificPart();
    if (!raw.startsWith("//")) {
      throw invalid(uri, "expected etcd://host:port[,host:port...][?prefix=/path]");
    }
    int query = raw.indexOf('?');
    String authority = raw.substring(2, query < 0 ? raw.length() : query);
    if (authority.endsWith("/")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    List<URI> endpoints = new ArrayList<>();
    for (String hostPort : authority.split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (hostPort.isBlank() || colon <= 0 || colon == hostPort.length() - 1) {
        throw invalid(uri, "endpoint '" + hostPort + "' is not host:port");
      }
      try {
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        endpoints.add(new URI("http", null, hostPort.substring(0, colon), port, "/", null, null));
      } catch (NumberFormatException | java.net.URISyntaxException e) {
        throw invalid(uri, "endpoint '" + hostPort + "' is not host:port");
      }
    }
    EtcdOptions options = EtcdOptions.of(endpoints);
    if (query >= 0) {
      for (String parameter : raw.substring(query + 1).split("&")) {
        options = apply(options, parameter, uri);
      }
    }
    return options;
  }

  private static EtcdOptions apply(EtcdOptions options, String parameter, URI uri) {
    int eq = parameter.indexOf('=');
    String name = eq < 0 ? parameter : parameter.substring(0, eq);
    String value = eq < 0 ? "" : parameter.substring(eq + 1);
    try {
      return switch (name) {
        case "prefix" -> options.withPrefix(value);
        case "historyLimit" -> options.withHistoryLimit(Integer.parseInt(value));
        case "maxRequestBytes" -> options.withMaxRequestBytes(Long.parseLong(value));
        case "retryWindow" -> options.withRetryWindow(Duration.ofSeconds(Long.parseLong(value)));
        default ->
            throw invalid(
                uri,
                "unknown option '"
                    + name
                    + "'; known: prefix, historyLimit, maxRequestBytes, retryWindow");
      };
    } catch (NumberFormatException e) {
      throw invalid(uri, "option " + name + " must be a number, got '" + value + "'");
    } catch (IllegalArgumentException e) {
      throw invalid(uri, e.getMessage());
    }
  }

  private static InvalidInputException invalid(URI uri, String problem) {
    return new InvalidInputException(
        "invalid etcd exchange URI '" + uri + "': " + problem, "objects");
  }
}
