package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code embedded:} URI taken apart: {@code embedded:/absolute/dir} or {@code
 * embedded:relative/dir}, optionally with options as a query ({@code ?name=value&...}).
 */
public record EmbeddedUri(Path dir, Map<String, String> options) {
  public static final String SCHEME = "embedded";

  /**
   * @param field the configuration field the URI came from, named in errors
   * @throws InvalidInputException when the URI names no directory
   */
  public static EmbeddedUri parse(URI uri, String field) {
    String raw = uri.getRawSchemeSpecificPart();
    int query = raw.indexOf('?');
    String rawPath = query < 0 ? raw : raw.substring(0, query);
    if (rawPath.isEmpty() || rawPath.startsWith("//") && !rawPath.startsWith("///")) {
      throw new InvalidInputException(
          "invalid embedded exchange URI '"
              + uri
              + "': expected embedded:/absolute/dir or embedded:relative/dir",
          field);
    }
    Path dir = Path.of(URI.create(SCHEME + ":" + rawPath).getSchemeSpecificPart());
    Map<String, String> options = new LinkedHashMap<>();
    if (query >= 0) {
      for (String parameter : raw.substring(query + 1).split("&")) {
        int eq = parameter.indexOf('=');
        options.put(
            eq < 0 ? parameter : parameter.substring(0, eq),
            eq < 0 ? "" : parameter.substring(eq + 1));
      }
    }
    return new EmbeddedUri(dir, options);
  }

  /**
   * @throws InvalidInputException naming the option when {@code value} is not true or false
   */
  public static boolean parseBoolean(String name, String value, URI uri, String field) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new InvalidInputException(
        "option " + name + " in '" + uri + "' must be true or false, got '" + value + "'", field);
  }

  /** The error for an unknown option, listing the known ones. */
  public static InvalidInputException unknownOption(
      String name, URI uri, String known, String field) {
    return new InvalidInputException(
        "unknown option '" + name + "' in '" + uri + "'; known: " + known, field);
  }
}
