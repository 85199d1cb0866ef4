package io.knactor.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Plain HTTP requests to a server, for tests of what goes over the wire. */
public final class RawHttp {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI base;

  public RawHttp(URI base) {
    this.base = base;
  }

  /** An answer: status, body text, and the Content-Type. */
  public record Answer(int status, String body, String contentType) {
    public ObjectNode json() {
      return Json.parseObject(body, "answer");
    }
  }

  public Answer send(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  public Answer post(String path, String token, String json) {
    return send("POST", path, token, json, "application/json");
  }

  public Answer put(String path, String token, String json) {
    return send("PUT", path, token, json, "application/json");
  }
}
