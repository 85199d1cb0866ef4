package io.knactor.sdk;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.Names;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running knactor: a reconciler bound to its own store. Built with {@link #builder(StoreRef,
 * ObjectExchange)}, which fixes the store once; handlers, the {@link Context} and {@link
 * StoreWrites} name objects by kind and name only, so nothing a reconciler is given can name
 * another knactor's store.
 *
 * <pre>{@code
 * Knactor greeter = Knactor.builder(StoreRef.parse("Demo/v1/Greeter/greeter"), connection)
 *     .on("Greeting", (ctx, event) -> event.isDeleted()
 *         ? Result.done()
 *         : Result.apply(ctx.writes().patch("Greeting", event.name(), reply(event))))
 *     .build();
 * greeter.start();
 * greeter.awaitSynced();
 * }</pre>
 *
 * <p><b>Runtime.</b> For each handled kind, the knactor lists the kind and then watches it from the
 * list's version. A watch that drops (UnavailableException, a closed or restarting exchange) is
 * reopened from the last version seen, after a jittered exponential backoff. A watch that expired
 * or fell behind (ExpiredException, WatchOverflowException) makes the knactor list again and call
 * the handlers with the difference: ADDED, MODIFIED or DELETED with the current state, so handlers
 * see the current state without seeing every intermediate one.
 *
 * <p><b>Handlers must be idempotent and level-triggered</b> (see {@link Reconciler}). A handler
 * that throws is logged with the object's key and called again for that object after a backoff,
 * while other objects go on. A write conflict (ConflictException from the handler's writes or from
 * the writes its {@link Result} asks for) makes the runtime re-read the object and call the handler
 * again soon, a bounded number of times, then fall back to the failure backoff.
 *
 * <p><b>Threads.</b> Each knactor owns one thread, {@code knactor-<store>}, started by {@link
 * #start()}: it lists, watches and calls every handler, one call at a time, in the order objects
 * changed (one pending call per object, holding its latest state). The thread is not a daemon: a
 * started knactor keeps the JVM alive until {@link #close()}. The connection is the caller's: the
 * knactor does not close it. This class is thread-safe.
 */
public final class Knactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Knactor.class);

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final StoreRef store;
  private final Context context;
  private final ReconcileLoop loop;
  private final Thread thread;
  private final Duration shutdownTimeout;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  private Knactor(
      StoreRef store,
      ObjectExchange connection,
      Settings settings,
      Map<String, Reconciler> handlers) {
    this.store = store;
    this.context = new Context(store, connection, settings.principal());
    this.loop = new ReconcileLoop(store, connection, settings, handlers, context);
    this.thread = new Thread(loop, "knactor-" + store);
    this.shutdownTimeout = settings.shutdownTimeout();
  }

  /**
   * Starts building the knactor that owns {@code self}, talking to it through {@code connection}.
   */
  public static Builder builder(StoreRef self, ObjectExchange connection) {
    return new Builder(self, connection);
  }

  /** The knactor's own store. */
  public StoreRef store() {
    return store;
  }

  /**
   * The knactor's own store, for the code around the reconciler (an API handler, a main) to read
   * and write, with the same scoping as inside handlers. Thread-safe.
   */
  public Context context() {
    return context;
  }

  /**
   * Starts the knactor's thread.
   *
   * @throws IllegalStateException when it was already started or closed
   */
  public void start() {
    State before = state.compareAndExchange(State.NEW, State.RUNNING);
    if (before != State.NEW) {
      throw new IllegalStateException(
          "knactor " + store + (before == State.RUNNING ? " is already running" : " is closed"));
    }
    thread.start();
  }

  /**
   * True once every handled kind has been listed and the handlers have been called for every object
   * of those first lists (successfully or not: a failed call is retried later).
   */
  public boolean isSynced() {
    return loop.isSynced();
  }

  /**
   * Waits until {@link #isSynced()}.
   *
   * @throws UnavailableException when the knactor is closed before it syncs
   */
  public void awaitSynced() throws InterruptedException {
    if (!loop.awaitSynced(Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
      throw new UnavailableException("knactor " + store + " was closed before it synced");
    }
  }

  /** Waits up to {@code timeout} until {@link #isSynced()}; returns whether it is. */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return loop.awaitSynced(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops the knactor: no handler is called after the one in progress, which may finish (up to the
   * builder's shutdown timeout, after which its thread is interrupted); the watches are closed.
   * Idempotent. Does not close the connection.
   */
  @Override
  public void close() {
    State before = state.getAndSet(State.CLOSED);
    if (before == State.CLOSED) {
      return;
    }
    loop.stop();
    if (before == State.RUNNING && !join(shutdownTimeout)) {
      log.warn(
          "knactor {}: a handler did not finish within {}; interrupting it",
          store,
          shutdownTimeout);
      thread.interrupt();
      if (!join(shutdownTimeout)) {
        log.warn("knactor {}: its thread ignored the interrupt and is left running", store);
      }
    }
  }

  private boolean join(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /**
   * Configures a knactor: its handlers per kind and its runtime tunables. Not thread-safe; each
   * {@link #build()} makes an independent knactor.
   */
  public static final class Builder {
    private final StoreRef store;
    private final ObjectExchange connection;
    private final Map<String, Reconciler> handlers = new LinkedHashMap<>();
    private String principal;
    private Backoff failureBackoff = Backoff.of(Duration.ofMillis(200), Duration.ofMinutes(1));
    private Backoff conflictBackoff = Backoff.of(Duration.ofMillis(10), Duration.ofSeconds(1));
    private int maxConflictRetries = 10;
    private Backoff reconnectBackoff = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(30));
    private int watchQueueCapacity = WatchRequest.DEFAULT_QUEUE_CAPACITY;
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    private Builder(StoreRef store, ObjectExchange connection) {
      this.store = Objects.requireNonNull(store, "store");
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Calls {@code handler} for every change of an object of {@code kind} in the own store.
     *
     * @throws InvalidInputException when the kind is not a valid kind name or already has a handler
     */
    public Builder on(String kind, Reconciler handler) {
      Names.require(Names.KIND, kind, "kind");
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(kind, handler) != null) {
        throw new InvalidInputException(
            "kind '" + kind + "' already has a handler in knactor " + store, "kind");
      }
      return this;
    }

    /**
     * The principal recorded with the knactor's writes (default: the store's instance name, such as
     * {@code greeter} for {@code Demo/v1/Greeter/greeter}). A connection that authenticates its
     * caller, such as the server's, records the authenticated principal instead, unless that is an
     * admin, which acts for the principal named here.
     */
    public Builder principal(String principal) {
      this.principal = Objects.requireNonNull(principal, "principal");
      return this;
    }

    /**
     * The backoff between calls for an object whose handler keeps failing (default 200 ms..1 min).
     */
    public Builder failureBackoff(Backoff backoff) {
      this.failureBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * How often (default 10) and how soon (default 10 ms..1 s) a call that lost a write conflict is
     * retried with the object re-read, before it counts as a failure.
     */
    public Builder conflictRetries(int maxRetries, Backoff backoff) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
      }
      this.maxConflictRetries = maxRetries;
      this.conflictBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * The backoff between attempts to list or watch again after a failure (default 100 ms..30 s).
     */
    public Builder reconnectBackoff(Backoff backoff) {
      this.reconnectBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * How many undelivered changes each watch may hold before the exchange cuts it off and the
     * knactor lists again (default {@value WatchRequest#DEFAULT_QUEUE_CAPACITY}).
     */
    public Builder watchQueueCapacity(int capacity) {
      if (capacity <= 0) {
        throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
      }
      this.watchQueueCapacity = capacity;
      return this;
    }

    /** How long {@link Knactor#close()} lets a running handler finish (default 10 s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the knactor; it starts with {@link Knactor#start()}.
     *
     * @throws InvalidInputException when no handler was registered
     */
    public Knactor build() {
      if (handlers.isEmpty()) {
        throw new InvalidInputException(
            "knactor " + store + " has no handler; register one with on(kind, handler)", "kind");
      }
      Settings settings =
          new Settings(
              principal == null ? store.instance() : principal,
              failureBackoff,
              conflictBackoff,
              maxConflictRetries,
              reconnectBackoff,
              watchQueueCapacity,
              shutdownTimeout);
      return new Knactor(store, connection, settings, handlers);
    }
  }
}
