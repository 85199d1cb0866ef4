package io.knactor.server;

import com.sun.net.httpserver.HttpServer;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.core.error.UnauthorizedException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchanges;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.access.Authenticator;
import io.knactor.server.access.SecuredLogExchange;
import io.knactor.server.access.SecuredObjectExchange;
import io.knactor.server.cast.CastHost;
import io.knactor.server.http.ApiHandler;
import io.knactor.server.metrics.ServerMetrics;
import io.knactor.server.registry.Principal;
import io.knactor.server.registry.Registry;
import io.knactor.server.sync.SyncHost;
import io.knactor.sync.operator.OperatorRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The knactor server: hosts one object exchange and one log exchange (each opened by URI) behind
 * the HTTP API of docs/api.md, with its registry, authentication, authorization and metrics.
 *
 * <p>HTTP is served by the JDK's {@code com.sun.net.httpserver} (no dependency) with TCP_NODELAY
 * and an unbounded pool of daemon threads: a watch stream holds one thread while it is open, so a
 * thousand watchers cost a thousand mostly idle threads, and nothing queues behind a slow watcher.
 *
 * <p>{@link #connect} gives code in the same JVM a connection with exactly the checks of the HTTP
 * API, without serialization.
 */
public final class KnactorServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KnactorServer.class.getName());

  static {
    // Both are read once, when the JDK server starts its first instance. Without TCP_NODELAY a
    // small watch event after another can wait for the client's delayed ACK (tens of
    // milliseconds). The idle interval must outlast the JDK HTTP client's keep-alive (20 minutes):
    // a server closing an idle connection first makes that client's next POST on it fail.
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.idleInterval", "1800");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private final ServerConfig config;
  private final ObjectExchange backend;
  private final LogExchange logs;
  private final Registry registry;
  private final AccessPolicy policy;
  private final Authenticator authenticator;
  private final ServerMetrics metrics;
  private final HttpServer http;
  private final ExecutorService executor;
  private final AdminOps admin;
  private final CastHost casts;
  private final SyncHost syncs;

  private KnactorServer(
      ServerConfig config,
      ObjectExchange backend,
      LogExchange logs,
      HttpServer http,
      ExecutorService executor,
      Registry registry,
      ServerMetrics metrics) {
    this.config = config;
    this.backend = backend;
    this.logs = logs;
    this.http = http;
    this.executor = executor;
    this.registry = registry;
    this.metrics = metrics;
    this.policy = new AccessPolicy(registry);
    this.authenticator = new Authenticator(registry);
    this.casts = new CastHost(this::connectAs, backend);
    this.syncs = new SyncHost(logs, this::connectAs);
    this.admin = new AdminOps(registry, casts, syncs);
  }

  /**
   * Opens the exchange, loads the registry and starts serving.
   *
   * @throws io.knactor.core.error.KnactorException when the exchange cannot be opened
   * @throws UnavailableException when the port cannot be bound
   */
  public static KnactorServer start(ServerConfig config) {
    return start(config, ObjectExchanges.open(config.objects()));
  }

  /**
   * Serves {@code backend}, an exchange the caller opened (a backend with options no URI expresses,
   * or one a test keeps a handle on); {@code config.objects()} is ignored. The server takes
   * ownership: it closes {@code backend} when it closes, or when it fails to start. The log
   * exchange is opened from {@code config.logs()}, if any.
   *
   * @throws UnavailableException when the port cannot be bound
   */
  public static KnactorServer start(ServerConfig config, ObjectExchange backend) {
    ExecutorService executor = null;
    LogExchange logs = null;
    try {
      logs = config.logs() == null ? null : LogExchanges.open(config.logs());
      FunctionRegistry functions =
          FunctionRegistry.builder()
              .registerAll(config.functions().functions())
              .registerDiscovered(true)
              .build();
      Registry registry =
          Registry.open(backend, config.adminToken(), functions, logs, OperatorRegistry.load());
      ServerMetrics metrics = new ServerMetrics();
      HttpServer http =
          HttpServer.create(new InetSocketAddress(config.host(), config.port()), 4096);
      executor = threads();
      KnactorServer server =
          new KnactorServer(config, backend, logs, http, executor, registry, metrics);
      http.createContext(
          "/",
          ApiHandler.create(
              registry,
              server.policy,
              server.authenticator,
              server::secured,
              server.casts,
              server.syncs,
              logs,
              metrics,
              config.watchBookmarkInterval()));
      http.setExecutor(executor);
      registry.onChange(server.casts::follow);
      registry.onChange(server.syncs::follow);
      server.casts.follow(registry.state());
      server.syncs.follow(registry.state());
      http.start();
      LOG.log(System.Logger.Level.INFO, "knactor server listening on " + server.uri());
      return server;
    } catch (IOException e) {
      backend.close();
      closeLogs(logs);
      if (executor != null) {
        executor.shutdownNow();
      }
      throw new UnavailableException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      backend.close();
      closeLogs(logs);
      if (executor != null) {
        executor.shutdownNow();
      }
      throw e;
    }
  }

  private static void closeLogs(LogExchange logs) {
    if (logs != null) {
      logs.close();
    }
  }

  private static ExecutorService threads() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, "knactor-http-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The port the server listens on (the chosen one when configured with 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The base URL of the API, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public ServerConfig config() {
    return config;
  }

  /**
   * An in-JVM connection acting as the principal owning {@code token}, with the same authorization,
   * schema validation and history attribution as the HTTP API, and no serialization. Closing it
   * closes its watches, not the server.
   *
   * @throws io.knactor.core.error.UnauthorizedException when no principal owns the token
   */
  public ObjectExchange connect(String token) {
    return secured(authenticator.authenticate(token));
  }

  /**
   * An in-JVM connection acting as the registered principal {@code name}, for components the server
   * hosts itself (such as integrator engines) and that hold no token.
   *
   * @throws io.knactor.core.error.UnauthorizedException when no such principal is registered
   */
  public ObjectExchange connectAs(String principalName) {
    return secured(registered(principalName));
  }

  /**
   * An in-JVM connection to the hosted log exchange acting as the registered principal {@code
   * name}, with the checks of the HTTP API's log routes (a knactor creates, appends to and reads
   * only its own log stores; see {@link SecuredLogExchange}). Closing it does not close the
   * exchange.
   *
   * @throws io.knactor.core.error.UnauthorizedException when no such principal is registered
   * @throws UnavailableException when the server hosts no log exchange
   */
  public LogExchange connectLogsAs(String principalName) {
    Principal principal = registered(principalName);
    return new SecuredLogExchange(SecuredLogExchange.hosted(logs), policy, principal);
  }

  private Principal registered(String principalName) {
    return registry
        .principal(principalName)
        .orElseThrow(
            () -> new UnauthorizedException("no principal '" + principalName + "' is registered"));
  }

  private SecuredObjectExchange secured(Principal principal) {
    return new SecuredObjectExchange(backend, policy, policy.refresh(principal), metrics);
  }

  /**
   * The hosted log exchange, unsecured, for components the server hosts (such as the Sync engine);
   * empty when the server hosts none. Knactors use {@link #connectLogsAs}.
   */
  public Optional<LogExchange> logs() {
    return Optional.ofNullable(logs);
  }

  /** Registers schemas, knactors, principals and grants in code. */
  public AdminOps admin() {
    return admin;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** Stops serving, ends open watches and polls, and closes the exchanges. */
  @Override
  public void close() {
    http.stop(0);
    casts.close();
    syncs.close();
    try {
      backend.close();
      closeLogs(logs);
    } finally {
      executor.shutdownNow();
    }
  }
}
