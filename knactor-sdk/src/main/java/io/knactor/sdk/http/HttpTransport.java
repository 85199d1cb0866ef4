package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.UnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

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

  /**
   * @param token the bearer token; null or empty sends no Authorization header
   */
  HttpTransport(URI baseUrl, String token) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String text = baseUrl.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = token == null || token.isEmpty() ? null : "Bearer " + token;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            // The client's own work (and the callbacks of its answers and watch streams, which
            // only parse and queue, never block) runs on its selector thread, where the bytes
            // arrive: with its default pool, each watch event waited for a hand-off to a worker
            // thread before its consumer's thread could be woken.
            .executor(Runnable::run)
            .build();
  }

  HttpClient client() {
    return client;
  }

  String base() {
    return base;
  }

  HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .header("Accept", "application/json");
    return authorization == null ? builder : builder.header("Authorization", authorization);
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

  /**
   * Any request, returning the status and JSON object of a successful answer; {@code body} null
   * sends none.
   */
  ApiAnswer answer(String method, String pathAndQuery, String contentType, byte[] body) {
    HttpRequest.Builder builder = request(pathAndQuery);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response = exchange(builder);
    if (response.statusCode() / 100 != 2) {
      throw StatusCodec.decode(response.statusCode(), response.body());
    }
    return new ApiAnswer(
        response.statusCode(),
        WireJson.parseObject(response.body(), "answer to " + method + " " + pathAndQuery));
  }

  /**
   * GET of a streaming route, returning its lines as they arrive; an error answer before the stream
   * starts is thrown. No request timeout applies, since a stream may stay open indefinitely.
   */
  Stream<String> lines(String pathAndQuery) {
    HttpResponse<Stream<String>> response;
    try {
      response =
          client.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while calling the knactor server at " + base, e);
    }
    if (response.statusCode() / 100 != 2) {
      String text;
      try (Stream<String> lines = response.body()) {
        text = String.join("\n", lines.toList());
      }
      throw StatusCodec.decode(response.statusCode(), text.getBytes(StandardCharsets.UTF_8));
    }
    return response.body();
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

  /**
   * The exception for a failed call: a {@link ServerUnreachableException} when no connection could
   * be opened, else an {@link UnavailableException}.
   */
  UnavailableException unreachable(Throwable cause) {
    String detail =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String message = "cannot reach the knactor server at " + base + ": " + detail;
    boolean noConnection =
        cause instanceof ConnectException
            || cause instanceof HttpConnectTimeoutException
            || cause.getCause() instanceof ConnectException;
    return noConnection
        ? new ServerUnreachableException(base, message, cause)
        : new UnavailableException(message, cause);
  }
}
