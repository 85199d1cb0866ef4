package io.knactor.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.StatusCodec;
import io.knactor.sdk.http.WireJson;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.access.Authenticator;
import io.knactor.server.cast.CastHost;
import io.knactor.server.metrics.ServerMetrics;
import io.knactor.server.registry.Principal;
import io.knactor.server.registry.Registry;
import io.knactor.server.sync.SyncHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The HTTP API's front door: matches the route, authenticates (every route but {@code /healthz} and
 * {@code /metrics}), dispatches, answers every {@link KnactorException} as a Status body with its
 * HTTP status, and records the request's route template, status and latency.
 */
public final class ApiHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

  private final Authenticator authenticator;
  private final ObjectRoutes objects;
  private final RegistryRoutes registry;
  private final CastRoutes casts;
  private final SyncRoutes syncs;
  private final LogRoutes logs;
  private final ServerMetrics metrics;

  ApiHandler(
      Authenticator authenticator,
      ObjectRoutes objects,
      RegistryRoutes registry,
      CastRoutes casts,
      SyncRoutes syncs,
      LogRoutes logs,
      ServerMetrics metrics) {
    this.authenticator = authenticator;
    this.objects = objects;
    this.registry = registry;
    this.casts = casts;
    this.syncs = syncs;
    this.logs = logs;
    this.metrics = metrics;
  }

  /**
   * The handler serving the whole API for {@code registry}'s exchange.
   *
   * @param connect opens the principal's secured connection to the exchange
   * @param logs the hosted log exchange, or null when the server hosts none
   * @param bookmarkInterval how long a watch stream may stay silent before a BOOKMARK line
   */
  public static ApiHandler create(
      Registry registry,
      AccessPolicy policy,
      Authenticator authenticator,
      Function<Principal, ObjectExchange> connect,
      CastHost castHost,
      SyncHost syncHost,
      LogExchange logs,
      ServerMetrics metrics,
      Duration bookmarkInterval) {
    return new ApiHandler(
        authenticator,
        new ObjectRoutes(connect, new WatchStream(bookmarkInterval)),
        new RegistryRoutes(registry, policy),
        new CastRoutes(registry, policy, castHost),
        new SyncRoutes(registry, policy, syncHost),
        new LogRoutes(logs, policy, registry),
        metrics);
  }

  /** One route: its template (the metrics label) and its handler per HTTP method. */
  private record Route(
      String template, boolean open, Map<String, ToIntFunction<ApiRequest>> methods) {}

  @Override
  public void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String template = "unmatched";
    ApiRequest request = null;
    int status = 0;
    try {
      request = new ApiRequest(exchange);
      Route route = match(request.segments());
      if (route != null) {
        template = route.template();
      }
      if (route == null || !route.open()) {
        request.principal(
            authenticator.authenticateHeader(
                exchange.getRequestHeaders().getFirst("Authorization")));
      }
      if (route == null) {
        throw new NotFoundException("no route for " + request.method() + " " + request.path());
      }
      ToIntFunction<ApiRequest> handler = route.methods().get(request.method());
      if (handler == null) {
        exchange.getResponseHeaders().set("Allow", String.join(", ", route.methods().keySet()));
        throw new MethodNotAllowedException(
            request.method(), route.template(), String.join(", ", route.methods().keySet()));
      }
      status = handler.applyAsInt(request);
    } catch (KnactorException e) {
      status = fail(exchange, request, e);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "unexpected failure serving "
              + exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI(),
          e);
      status = fail(exchange, request, new KnactorException("internal error: " + e, e));
    } finally {
      exchange.close();
      metrics.request(template, exchange.getRequestMethod(), status, System.nanoTime() - start);
    }
  }

  private static int fail(HttpExchange exchange, ApiRequest request, KnactorException error) {
    if (request != null && request.status() != 0) {
      return request.status(); // the answer has started; a stream reports its own errors
    }
    if (error.httpStatus() == 401) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"knactor\"");
    }
    if (request != null) {
      return request.respond(error.httpStatus(), StatusCodec.encode(error));
    }
    return ApiRequest.respond(
        exchange,
        error.httpStatus(),
        WireJson.write(StatusCodec.encode(error)),
        "application/json");
  }

  private Route match(List<String> s) {
    int n = s.size();
    if (n == 1 && s.get(0).equals("healthz")) {
      return new Route("/healthz", true, Map.of("GET", this::health));
    }
    if (n == 1 && s.get(0).equals("metrics")) {
      return new Route("/metrics", true, Map.of("GET", this::scrape));
    }
    if (n < 3 || !s.get(0).equals("api") || !s.get(1).equals("v1")) {
      return null;
    }
    String head = s.get(2);
    if (n == 3) {
      return switch (head) {
        case "version" -> route("/api/v1/version", "GET", objects::version);
        case "batch" -> route("/api/v1/batch", "POST", objects::batch);
        case "watch" -> route("/api/v1/watch", "GET", objects::watchStores);
        case "apply" -> route("/api/v1/apply", "POST", registry::apply);
        case "schemas" -> route("/api/v1/schemas", "GET", registry::schemas);
        case "knactors" -> route("/api/v1/knactors", "GET", registry::knactors);
        case "principals" -> route("/api/v1/principals", "GET", registry::principals);
        case "grants" -> route("/api/v1/grants", "GET", registry::grants);
        case "casts" -> route("/api/v1/casts", "GET", casts::list);
        case "functions" -> route("/api/v1/functions", "GET", casts::functions);
        case "syncs" -> route("/api/v1/syncs", "GET", syncs::list);
        default -> null;
      };
    }
    if (head.equals("casts") && n == 4) {
      return new Route(
          "/api/v1/casts/{name}",
          false,
          methods("GET", r -> casts.get(r, s.get(3)), "DELETE", r -> casts.delete(r, s.get(3))));
    }
    if (head.equals("casts") && n == 5 && s.get(4).equals("revisions")) {
      return route("/api/v1/casts/{name}/revisions", "GET", r -> casts.revisions(r, s.get(3)));
    }
    if (head.equals("casts") && n == 5 && s.get(4).equals("rollback")) {
      return route("/api/v1/casts/{name}/rollback", "POST", r -> casts.rollback(r, s.get(3)));
    }
    if (head.equals("syncs") && (n == 4 || n == 5)) {
      return syncRoute(s);
    }
    if (head.equals("schemas") && n == 7) {
      return route(
          "/api/v1/schemas/{schema}",
          "GET",
          r -> registry.schema(r, new SchemaRef(s.get(3), s.get(4), s.get(5), s.get(6))));
    }
    if (head.equals("stores") && n >= 8 && n <= 9 && s.get(7).equals("logs")) {
      return logRoute(s);
    }
    if (!head.equals("stores") || n < 8 || n > 11 || !s.get(7).equals("objects")) {
      return null;
    }
    String base = "/api/v1/stores/{store}/objects";
    return switch (n) {
      case 8 -> route(base, "GET", r -> objects.list(r, target(s, false, false)));
      case 9 ->
          new Route(
              base + "/{kind}",
              false,
              methods(
                  "GET", r -> objects.list(r, target(s, true, false)),
                  "POST", r -> objects.create(r, target(s, true, false))));
      case 10 ->
          new Route(
              base + "/{kind}/{name}",
              false,
              methods(
                  "GET", r -> objects.get(r, target(s, true, true)),
                  "PUT", r -> objects.replace(r, target(s, true, true)),
                  "PATCH", r -> objects.patch(r, target(s, true, true)),
                  "DELETE", r -> objects.delete(r, target(s, true, true))));
      default ->
          s.get(10).equals("history")
              ? route(
                  base + "/{kind}/{name}/history",
                  "GET",
                  r -> objects.history(r, target(s, true, true)))
              : null;
    };
  }

  private Route syncRoute(List<String> s) {
    String name = s.get(3);
    if (s.size() == 4) {
      return new Route(
          "/api/v1/syncs/{name}",
          false,
          methods("GET", r -> syncs.get(r, name), "DELETE", r -> syncs.delete(r, name)));
    }
    return switch (s.get(4)) {
      case "revisions" ->
          route("/api/v1/syncs/{name}/revisions", "GET", r -> syncs.revisions(r, name));
      case "rollback" ->
          route("/api/v1/syncs/{name}/rollback", "POST", r -> syncs.rollback(r, name));
      case "scale" -> route("/api/v1/syncs/{name}/scale", "POST", r -> syncs.scale(r, name));
      case "assign" -> route("/api/v1/syncs/{name}/assign", "POST", r -> syncs.assign(r, name));
      default -> null;
    };
  }

  private Route logRoute(List<String> s) {
    StoreRef store = new StoreRef(s.get(3), s.get(4), s.get(5), s.get(6));
    String base = "/api/v1/stores/{store}/logs";
    if (s.size() == 8) {
      return new Route(
          base,
          false,
          methods("GET", r -> logs.describe(r, store), "PUT", r -> logs.create(r, store)));
    }
    if (s.get(8).equals("query")) {
      return route(base + "/query", "POST", r -> logs.query(r, store));
    }
    if (!s.get(8).equals("records")) {
      return null;
    }
    return new Route(
        base + "/records",
        false,
        methods(
            "GET", r -> logs.read(r, store),
            "POST", r -> logs.append(r, store)));
  }

  private static Target target(List<String> s, boolean kind, boolean name) {
    return new Target(
        new StoreRef(s.get(3), s.get(4), s.get(5), s.get(6)),
        kind ? s.get(8) : null,
        name ? s.get(9) : null);
  }

  private static Route route(String template, String method, ToIntFunction<ApiRequest> handler) {
    return new Route(template, false, Map.of(method, handler));
  }

  private static Map<String, ToIntFunction<ApiRequest>> methods(
      String m1, ToIntFunction<ApiRequest> h1, String m2, ToIntFunction<ApiRequest> h2) {
    Map<String, ToIntFunction<ApiRequest>> out = new TreeMap<>();
    out.put(m1, h1);
    out.put(m2, h2);
    return out;
  }

  private static Map<String, ToIntFunction<ApiRequest>> methods(
      String m1,
      ToIntFunction<ApiRequest> h1,
      String m2,
      ToIntFunction<ApiRequest> h2,
      String m3,
      ToIntFunction<ApiRequest> h3,
      String m4,
      ToIntFunction<ApiRequest> h4) {
    Map<String, ToIntFunction<ApiRequest>> out = methods(m1, h1, m2, h2);
    out.put(m3, h3);
    out.put(m4, h4);
    return out;
  }

  private int health(ApiRequest request) {
    ObjectNode body = Json.object();
    body.put("status", "ok");
    return request.respond(200, body);
  }

  private int scrape(ApiRequest request) {
    return request.respond(
        200,
        metrics.scrape().getBytes(StandardCharsets.UTF_8),
        "text/plain; version=0.0.4; charset=utf-8");
  }
}
