package io.knactor.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * A thin client of the server's HTTP API for the CLI: it sends JSON or YAML and hands back the
 * server's JSON as it is, so the CLI can print it verbatim with {@code -o json}. Error answers are
 * thrown as the matching {@link io.knactor.core.error.KnactorException} with the server's message
 * and field; no answer at all as {@link ServerUnreachableException}. Thread-safe.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI server;
  private final String token;
  private final HttpClient http;

  /**
   * @param server the server's base URL, e.g. {@code http://localhost:8080}
   * @param token the bearer token, or null to send none
   */
  public ApiClient(URI server, String token) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** An answer: its HTTP status and its JSON body. */
  public record Answer(int status, JsonNode body) {}

  public URI server() {
    return server;
  }

  /** The API path of a store, e.g. {@code /api/v1/stores/Demo/v1/Greeter/greeter}. */
  public static String storePath(StoreRef store) {
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
  public static String withQuery(String path, Map<String, String> query) {
    StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (name, value) -> {
          if (value != null) {
            joiner.add(encode(name) + "=" + encode(value));
          }
        });
    return path + joiner;
  }

  public static Map<String, String> query(String... namesAndValues) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      query.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return query;
  }

  public Answer get(String path) {
    return send("GET", path, null, null);
  }

  public Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** Sends a JSON body with the given method. */
  public Answer sendJson(String method, String path, JsonNode body) {
    return send(method, path, "application/json", Json.write(body));
  }

  /** Sends {@code body} with the given content type, e.g. merge patches or YAML. */
  public Answer send(String method, String path, String contentType, byte[] body) {
    HttpRequest request = request(path, contentType, method, body).build();
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    String text = new String(response.body(), StandardCharsets.UTF_8);
    JsonNode json = parse(text);
    if (response.statusCode() >= 400) {
      throw ServerErrors.of(response.statusCode(), json, text);
    }
    if (json == null) {
      throw new InvalidInputException(
          "the server at "
              + server
              + " answered "
              + method
              + " "
              + path
              + " with non-JSON: "
              + text);
    }
    return new Answer(response.statusCode(), json);
  }

  /**
   * Opens a watch stream and returns its lines (one JSON event each) as they arrive; close the
   * stream to stop. An error answer before the stream starts is thrown.
   */
  public Stream<String> stream(String path) {
    HttpRequest request = request(path, null, "GET", null).build();
    HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() >= 400) {
      String text;
      try (Stream<String> lines = response.body()) {
        text = String.join("\n", lines.toList());
      }
      throw ServerErrors.of(response.statusCode(), parse(text), text);
    }
    return response.body();
  }

  /** The exception a watch stream's {@code ERROR} event carries (its object is a Status). */
  public static io.knactor.core.error.KnactorException errorOf(JsonNode status) {
    return ServerErrors.of(status.path("code").asInt(500), status, Json.toString(status));
  }

  private HttpRequest.Builder request(String path, String contentType, String method, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.resolve(path))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (token != null && !token.isEmpty()) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(e);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        throw unreachable(e);
      }
      throw new UncheckedIOException(
          "the connection to " + server + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnreachableException("interrupted while waiting for " + server, e);
    }
  }

  private ServerUnreachableException unreachable(Exception e) {
    return new ServerUnreachableException(
        "cannot reach the Knactor server at "
            + server
            + " ("
            + (e.getMessage() == null ? "connection refused" : e.getMessage())
            + "); is it running? Start one with 'knactor up'.",
        e);
  }

  private static JsonNode parse(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
