package io.knactor.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.knactor.core.error.InvalidInputException;
import io.knactor.sdk.http.WireFields;
import io.knactor.sdk.http.WireJson;
import io.knactor.server.registry.Principal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the routes see it: method, decoded path segments, query parameters, the
 * authenticated principal, a size-limited body, and the way to answer. Owned by the thread that
 * serves the request.
 */
final class ApiRequest {
  /** How much of an oversize body is read and dropped so that its client receives the 413. */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final HttpExchange exchange;
  private final List<String> segments;
  private final Map<String, String> query;
  private Principal principal;
  private int status;

  ApiRequest(HttpExchange exchange) {
    this.exchange = exchange;
    this.segments = segments(exchange.getRequestURI().getRawPath());
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  HttpExchange exchange() {
    return exchange;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getRawPath();
  }

  List<String> segments() {
    return segments;
  }

  String segment(int index) {
    return segments.get(index);
  }

  /** A query parameter, or null. */
  String query(String name) {
    return query.get(name);
  }

  /** A query parameter holding a whole number, or null when absent. */
  Long longQuery(String name) {
    String text = query.get(name);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name + " must be a whole number, got '" + text + "'", name);
    }
  }

  /** A resourceVersion query parameter, or -1 when absent. */
  long versionParameter(String name) {
    String text = query.get(name);
    return text == null || text.isEmpty() ? -1 : WireFields.parseVersion(text, name);
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  Principal principal() {
    return principal;
  }

  void principal(Principal principal) {
    this.principal = principal;
  }

  /** The status answered so far (0 before an answer). */
  int status() {
    return status;
  }

  /**
   * Reads the body, refusing one larger than {@code limit} bytes.
   *
   * @throws RequestTooLargeException over the limit
   */
  byte[] body(int limit) {
    String declared = header("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.strip());
      } catch (NumberFormatException e) {
        throw new InvalidInputException("invalid Content-Length '" + declared + "'", "body", e);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      if (length > limit) {
        throw tooLarge(in, Long.toString(length), limit);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = in.read(buffer)) > 0) {
        if (out.size() + read > limit) {
          throw tooLarge(in, "over " + limit, limit);
        }
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new InvalidInputException("the request body could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and drops what is left of a body that is too large, up to {@link #DRAIN_LIMIT}: closing a
   * connection with unread input resets it, and the client would lose the 413 answer.
   */
  private RequestTooLargeException tooLarge(InputStream in, String size, int limit)
      throws IOException {
    exchange.getResponseHeaders().set("Connection", "close");
    byte[] buffer = new byte[64 * 1024];
    long drained = 0;
    int read;
    while (drained < DRAIN_LIMIT && (read = in.read(buffer)) > 0) {
      drained += read;
    }
    return new RequestTooLargeException(
        "request body is " + size + " bytes; the limit is " + limit + " bytes");
  }

  /** Reads a JSON object body no larger than {@code limit}. */
  ObjectNode jsonBody(int limit) {
    byte[] body = body(limit);
    if (body.length == 0) {
      throw new InvalidInputException("the request needs a JSON body", "body");
    }
    return WireJson.parseObject(body, "request body");
  }

  /** Answers with a JSON body. */
  int respond(int code, JsonNode body) {
    return respond(code, WireJson.write(body), "application/json");
  }

  int respond(int code, byte[] body, String contentType) {
    status = code;
    return respond(exchange, code, body, contentType);
  }

  /** Answers on an exchange whose request could not even be parsed. */
  static int respond(HttpExchange exchange, int code, byte[] body, String contentType) {
    try {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      // The client went away before reading its answer; nothing is left to tell it.
    }
    return code;
  }

  /** Starts a chunked streaming answer; the caller writes to and closes the body. */
  OutputStream startStream(String contentType) throws IOException {
    status = 200;
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        out.add(decode(part));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  /** Decodes percent-escapes; the JDK server has already refused malformed ones with 400. */
  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
