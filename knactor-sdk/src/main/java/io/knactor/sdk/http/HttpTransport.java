package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.UnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One server's base URL and credential, and the request/answer cycle shared by the clients: JSON
 * bodies, bearer token, Status bodies turned back into exceptions. Thread-safe.
 */
final class HttpTransport {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private final HttpClient client;
  private final String base;
  private final String authorization;

  HttpTransport(URI baseUrl, String token) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(token, "token");
    String text = baseUrl.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = "Bearer " + token;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  HttpClient client() {
    return client;
  }

  String base() {
    return base;
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  /** GET returning a JSON object. */
  ObjectNode get(String pathAndQuery) {
    return json(request(pathAndQuery).GET(), "GET " + pathAndQuery);
  }

  /** A request with a body, returning a JSON object. */
  ObjectNode send(String method, String pathAndQuery, byte[] body, String contentType) {
    return json(
        request(pathAndQuery)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)),
        method + " " + pathAndQuery);
  }

  /** GET returning the body as text, for non-JSON routes such as /metrics. */
  String text(String pathAndQuery) {
    HttpResponse<byte[]> response = exchange(request(pathAndQuery).GET());
    if (response.statusCode() / 100 != 2) {
      throw StatusCodec.decode(response.statusCode(), response.body());
    }
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private ObjectNode json(HttpRequest.Builder builder, String what) {
    HttpResponse<byte[]> response = exchange(builder);
    if (response.statusCode() / 100 != 2) {
      throw StatusCodec.decode(response.statusCode(), response.body());
    }
    return WireJson.parseObject(response.body(), "answer to " + what);
  }

  HttpResponse<byte[]> exchange(HttpRequest.Builder builder) {
    try {
      return client.send(
          builder.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while calling the knactor server at " + base, e);
    }
  }

  UnavailableException unreachable(Throwable cause) {
    String detail =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new UnavailableException(
        "cannot reach the knactor server at " + base + ": " + detail, cause);
  }
}
