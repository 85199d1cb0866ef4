package io.knactor.sdk.http;

import io.knactor.core.error.KnactorException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * An {@link ObjectExchange} reached through the knactor server's HTTP API, acting as the principal
 * that owns {@code token}. Errors come back as the exception types and messages the server
 * answered; an unreachable server is an {@link UnavailableException}.
 *
 * <p>Every commit goes through {@code POST /api/v1/batch}. History records the principal the token
 * authenticates; the batch's principal is recorded instead only when that is admin, acting for
 * someone else. A watch is one streaming request whose lines are parsed on the HTTP client's
 * threads; {@link #watch} returns once the server has accepted it, so authorization errors and
 * expired versions are thrown by {@code watch} itself.
 *
 * <p>Thread-safe; one instance can serve a whole process. {@link #close} ends its open watches.
 */
public final class HttpObjectExchange implements ObjectExchange {
  private final HttpTransport transport;
  private final Set<HttpWatch> openWatches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param baseUrl the server, e.g. {@code http://127.0.0.1:8080}
   * @param token a bearer token of a principal registered on that server (or its admin token)
   */
  public HttpObjectExchange(URI baseUrl, String token) {
    this.transport = new HttpTransport(baseUrl, Objects.requireNonNull(token, "token"));
  }

  /** The server this exchange talks to. */
  public URI baseUrl() {
    return URI.create(transport.base());
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    ensureOpen();
    try {
      return Optional.of(ObjectCodec.decode(transport.get(objectPath(key)), ""));
    } catch (NotFoundException e) {
      if ("metadata.name".equals(e.field())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public ObjectList list(ListRequest request) {
    ensureOpen();
    StringBuilder path = new StringBuilder(storePath(request.store())).append("/objects");
    if (request.kind() != null) {
      path.append('/').append(request.kind());
    }
    if (!request.labelSelector().isEmpty()) {
      path.append("?labelSelector=").append(encode(selector(request.labelSelector())));
    }
    return ObjectCodec.decodeList(transport.get(path.toString()));
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    ensureOpen();
    return BatchCodec.decodeResult(
        transport.send(
            "POST", "/api/v1/batch", WireJson.write(BatchCodec.encode(batch)), "application/json"));
  }

  @Override
  public Watch watch(WatchRequest request) {
    ensureOpen();
    String path = watchPath(request);
    HttpWatch watch =
        new HttpWatch(request.queueCapacity(), transport.base() + path, openWatches::remove);
    CompletableFuture<Integer> headers = new CompletableFuture<>();
    HttpResponse.BodyHandler<KnactorException> handler =
        info -> {
          headers.complete(info.statusCode());
          if (info.statusCode() == 200) {
            return HttpResponse.BodySubscribers.fromLineSubscriber(
                watch, s -> null, StandardCharsets.UTF_8, "\n");
          }
          return HttpResponse.BodySubscribers.mapping(
              HttpResponse.BodySubscribers.ofByteArray(),
              body -> StatusCodec.decode(info.statusCode(), body));
        };
    HttpRequest httpRequest = transport.request(path).GET().build();
    CompletableFuture<HttpResponse<KnactorException>> response =
        transport.client().sendAsync(httpRequest, handler);
    response.whenComplete(
        (answer, error) -> {
          if (error != null) {
            headers.completeExceptionally(error);
          }
        });
    int status = await(headers, watch);
    if (status != 200) {
      KnactorException refusal = await(response, watch).body();
      watch.close();
      throw refusal;
    }
    openWatches.add(watch);
    if (closed) {
      watch.close();
      ensureOpen();
    }
    return watch;
  }

  private <T> T await(CompletableFuture<T> future, HttpWatch watch) {
    try {
      return future.get(
          HttpTransport.CONNECT_TIMEOUT.toMillis() + HttpTransport.REQUEST_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      watch.close();
      throw transport.unreachable(e.getCause());
    } catch (TimeoutException e) {
      watch.close();
      throw transport.unreachable(e);
    } catch (InterruptedException e) {
      watch.close();
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while opening a watch", e);
    }
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    ensureOpen();
    return ObjectCodec.decodeHistory(transport.get(objectPath(key) + "/history"));
  }

  @Override
  public long currentVersion() {
    ensureOpen();
    return WireFields.version(transport.get("/api/v1/version"), "resourceVersion", "");
  }

  /** Ends every open watch; later calls throw {@link UnavailableException}. */
  @Override
  public void close() {
    closed = true;
    for (HttpWatch watch : List.copyOf(openWatches)) {
      watch.close();
    }
    openWatches.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new UnavailableException("the connection to " + transport.base() + " is closed");
    }
  }

  static String storePath(StoreRef store) {
    return "/api/v1/stores/" + store;
  }

  private static String objectPath(ObjectKey key) {
    return storePath(key.store()) + "/objects/" + key.kind() + "/" + key.name();
  }

  private static String watchPath(WatchRequest request) {
    String version = "resourceVersion=" + request.fromVersion();
    if (request.stores().size() == 1) {
      StoreRef store = request.stores().iterator().next();
      return storePath(store)
          + "/objects"
          + (request.kind() == null ? "" : "/" + request.kind())
          + "?watch=true&"
          + version;
    }
    StringBuilder path = new StringBuilder("/api/v1/watch?").append(version);
    if (!request.stores().isEmpty()) {
      path.append("&stores=")
          .append(
              encode(
                  request.stores().stream()
                      .map(StoreRef::toString)
                      .sorted()
                      .collect(Collectors.joining(","))));
    }
    if (request.kind() != null) {
      path.append("&kind=").append(request.kind());
    }
    return path.toString();
  }

  private static String selector(Map<String, String> labels) {
    return labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
