package io.knactor.cli;

import io.knactor.core.model.StoreRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Paths of the server's HTTP API, with their parts URL-encoded. */
final class ApiPaths {
  private ApiPaths() {}

  /** The API path of a store, e.g. {@code /api/v1/stores/Demo/v1/Greeter/greeter}. */
  static String storePath(StoreRef store) {
    return "/api/v1/stores/"
        + encode(store.app())
        + "/"
        + encode(store.version())
        + "/"
        + encode(store.type())
        + "/"
        + encode(store.instance());
  }

  /** {@code path} with the non-null query parameters appended. */
  static String withQuery(String path, Map<String, String> query) {
    StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (name, value) -> {
          if (value != null) {
            joiner.add(encode(name) + "=" + encode(value));
          }
        });
    return path + joiner;
  }

  static Map<String, String> query(String... namesAndValues) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      query.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return query;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
