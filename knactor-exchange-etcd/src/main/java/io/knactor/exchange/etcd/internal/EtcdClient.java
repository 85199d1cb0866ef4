package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * etcd's v3 API spoken as JSON over HTTP (the gRPC gateway every etcd member serves on its client
 * port, under {@code /v3/}), with failover across the cluster's members.
 *
 * <p>Reads, compactions and watch streams are retried on the next member, and again for up to the
 * retry window while the cluster elects a leader. A write is sent once: when its fate is unknown
 * (the connection broke after the request left), {@link #write} answers {@link
 * WriteOutcome#UNKNOWN} and the caller decides. Thread-safe.
 */
public final class EtcdClient implements AutoCloseable {
  /** The answer to a conditional write. */
  public enum WriteOutcome {
    SUCCEEDED,
    COMPARE_FAILED,
    UNKNOWN
  }

  /** A read asked for a revision that compaction has removed. */
  public static final class CompactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CompactedException(String message) {
      super(message, null, false, false);
    }
  }

  /** Responses hold base64 values larger than the document limits of {@code Json.MAPPER}. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final int GRPC_INVALID_ARGUMENT = 3;
  private static final int GRPC_RESOURCE_EXHAUSTED = 8;
  private static final int GRPC_OUT_OF_RANGE = 11;

  private final List<URI> endpoints;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration retryWindow;
  private volatile int preferred;

  public EtcdClient(List<URI> endpoints, Duration requestTimeout, Duration retryWindow) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints");
    }
    this.endpoints = List.copyOf(endpoints);
    this.requestTimeout = requestTimeout;
    this.retryWindow = retryWindow;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  public List<URI> endpoints() {
    return endpoints;
  }

  /**
   * Checks that some member answers, trying each once.
   *
   * @throws UnavailableException naming every endpoint when none answers
   */
  public void probe() {
    IOException last = null;
    for (URI endpoint : endpoints) {
      try {
        JsonNode status = send(endpoint, "/v3/maintenance/status", MAPPER.createObjectNode());
        if (!status.has("error")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
    }
    throw new UnavailableException(
        "cannot reach etcd at "
            + endpoints
            + (last == null ? "" : " (" + describe(last) + ")")
            + "; is etcd running and serving clients there?",
        "objects",
        last);
  }

  /**
   * Sends a request that is safe to repeat (a read-only txn, a range, a compaction).
   *
   * @throws CompactedException when the request reads a compacted revision
   * @throws UnavailableException when no member answers within the retry window
   */
  public JsonNode read(String path, ObjectNode body) {
    Rounds rounds = new Rounds("etcd at " + endpoints + " did not answer within " + retryWindow);
    while (true) {
      URI endpoint = rounds.endpoint();
      try {
        JsonNode response = send(endpoint, path, body);
        if (!response.has("error")) {
          rounds.succeeded();
          return response;
        }
        int code = response.path("code").asInt();
        String message = response.path("error").asText();
        if (code == GRPC_OUT_OF_RANGE && message.contains("compacted")) {
          throw new CompactedException(message);
        }
        if (refusal(code, message)) {
          throw new InvalidInputException(
              "etcd refused the request: " + message + hint(message), "objects");
        }
        rounds.failed(endpoint + " answered: " + message);
      } catch (IOException e) {
        rounds.failed(endpoint + ": " + describe(e));
      }
    }
  }

  /**
   * Sends a conditional write (a txn with compares) once, moving to the next member only when the
   * connection could not be opened, since then nothing was sent.
   *
   * @throws InvalidInputException when etcd refuses the request itself (too large, malformed)
   * @throws UnavailableException when no member accepts a connection within the retry window
   */
  public WriteOutcome write(ObjectNode txn) {
    Rounds rounds = new Rounds("cannot reach etcd at " + endpoints);
    while (true) {
      URI endpoint = rounds.endpoint();
      JsonNode response;
      try {
        response = send(endpoint, "/v3/kv/txn", txn);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        rounds.failed(describe(e));
        continue;
      } catch (IOException e) {
        rounds.skip();
        return WriteOutcome.UNKNOWN;
      }
      if (!response.has("error")) {
        rounds.succeeded();
        return response.path("succeeded").asBoolean(false)
            ? WriteOutcome.SUCCEEDED
            : WriteOutcome.COMPARE_FAILED;
      }
      String message = response.path("error").asText();
      int code = response.path("code").asInt();
      if (refusal(code, message)) {
        throw new InvalidInputException(
            "etcd refused the write: " + message + hint(message), "data");
      }
      // "leader changed", "request timed out", a body cut short on the way ("unexpected EOF")
      // and the like: the write may or may not be applied.
      rounds.skip();
      return WriteOutcome.UNKNOWN;
    }
  }

  /**
   * Opens a watch stream ({@code POST /v3/watch} with {@code body} as its create request) on the
   * first member that accepts it; newline-delimited JSON messages follow.
   *
   * @throws UnavailableException when no member accepts it within the retry window
   */
  public InputStream openWatch(ObjectNode body) {
    Rounds rounds = new Rounds("cannot open a watch on etcd at " + endpoints);
    while (true) {
      URI endpoint = rounds.endpoint();
      HttpRequest request =
          HttpRequest.newBuilder(endpoint.resolve("/v3/watch"))
              // Asks the member to end the stream when it loses its leader, so the watch moves on.
              .header("Grpc-Metadata-hasleader", "true")
              .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
              .build();
      try {
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
          rounds.succeeded();
          return response.body();
        }
        response.body().close();
        rounds.failed(endpoint + " answered HTTP " + response.statusCode());
      } catch (IOException e) {
        rounds.failed(endpoint + ": " + describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while opening a watch on etcd", e);
      }
    }
  }

  /**
   * The members in turn, starting with the one that last answered, for up to the retry window,
   * backing off between rounds over all of them: 50 ms, 100 ms, ... up to 500 ms.
   */
  private final class Rounds {
    private final String failure;
    private final Instant deadline = Instant.now().plus(retryWindow);
    private final int first = preferred;
    private int attempt;

    Rounds(String failure) {
      this.failure = failure;
    }

    URI endpoint() {
      return endpoints.get(index());
    }

    void succeeded() {
      preferred = index();
    }

    /** Moves the next request of this client to the next member. */
    void skip() {
      preferred = index() + 1;
    }

    /**
     * @throws UnavailableException with {@code problem} when the retry window is over
     */
    void failed(String problem) {
      attempt++;
      if (attempt % endpoints.size() != 0) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new UnavailableException(failure + ": " + problem, "objects");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(Math.min(500, 50L * (attempt / endpoints.size())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while waiting for etcd", e);
      }
    }

    private int index() {
      return Math.floorMod(first + attempt, endpoints.size());
    }
  }

  @Override
  public void close() {
    // The JDK client of Java 17 has no close; its idle connections end with the JVM or time out.
  }

  private JsonNode send(URI endpoint, String path, ObjectNode body) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting for etcd", e);
    }
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "unreadable answer (HTTP " + response.statusCode() + ") from " + endpoint, e);
    }
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** etcd refuses the request itself, whatever member it reaches: it cannot ever succeed. */
  private static boolean refusal(int code, String message) {
    return (code == GRPC_INVALID_ARGUMENT || code == GRPC_RESOURCE_EXHAUSTED)
        && (message.contains("too large")
            || message.contains("larger than max")
            || message.contains("too many operations"));
  }

  private static String hint(String message) {
    return message.contains("too many operations")
        ? " (a batch of n writes needs up to 3n+1 txn operations: raise the members'"
            + " --max-txn-ops, 128 by default, or write smaller batches)"
        : " (raise the members' --max-request-bytes, or write smaller batches)";
  }

  private static String describe(IOException e) {
    String kind =
        e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }
}
