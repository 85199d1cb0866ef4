package io.knactor.exchange.redis;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.RulePushDown;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.redis.internal.BatchCall;
import io.knactor.exchange.redis.internal.Codec;
import io.knactor.exchange.redis.internal.Connections;
import io.knactor.exchange.redis.internal.Keys;
import io.knactor.exchange.redis.internal.PatchBases;
import io.knactor.exchange.redis.internal.RedisWatch;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The object exchange on Redis (7 or later). Every commit is one call of the {@code knactor_commit}
 * Redis Function, which checks the batch, takes the next versions, writes the objects, appends one
 * entry per version to a Redis Stream and to each object's history, and trims: atomically, in one
 * round trip (two when the batch holds merge patches, whose current data is read first). A list is
 * one read-only function call, so it is a snapshot with its version. A watch reads the stream with
 * {@code XREAD BLOCK} from the requested version; see docs/backends.md for the design.
 *
 * <p>Durability is Redis': an acknowledged commit survives a crash of the Redis server only when it
 * runs with {@code appendonly yes} and {@code appendfsync always}.
 *
 * <p>Threading. All methods are thread-safe and run on the caller's thread over one shared,
 * pipelined connection; each watch has its own connection, read by Lettuce's event loop threads.
 * Writes are serialized by Redis, not by this class, so several processes may share an exchange.
 */
public final class RedisObjectExchange implements ObjectExchange, RulePushDown {
  /** How many objects this client remembers to patch without reading them first. */
  private static final int PATCH_BASES = 10_000;

  private static final Comparator<StoredObject> BY_KIND_THEN_NAME =
      Comparator.comparing(StoredObject::kind).thenComparing(StoredObject::name);

  private final RedisOptions options;
  private final Keys keys;
  private final Connections connections;
  private final StatefulRedisConnection<String, String> connection;
  private final Set<RedisWatch> watches = ConcurrentHashMap.newKeySet();
  private final PatchBases patchBases = new PatchBases(PATCH_BASES);
  private volatile boolean closed;

  private RedisObjectExchange(RedisOptions options, Connections connections) {
    this.options = options;
    this.keys = new Keys(options.prefix());
    this.connections = connections;
    this.connection = connections.commands();
  }

  /**
   * Connects to the Redis server and loads the function library.
   *
   * @throws UnavailableException when the server cannot be reached or lacks Redis Functions
   */
  public static RedisObjectExchange open(RedisOptions options) {
    return new RedisObjectExchange(options, Connections.open(options));
  }

  public RedisOptions options() {
    return options;
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    String value = redis(() -> connection.sync().hget(keys.objects(key.store()), Keys.field(key)));
    return Optional.ofNullable(value).map(v -> Codec.object(key.store(), Keys.field(key), v));
  }

  @Override
  public ObjectList list(ListRequest request) {
    List<Object> reply =
        read(
            "knactor_list",
            new String[] {keys.version(), keys.objects(request.store())},
            request.kind() == null ? "" : request.kind() + "/");
    List<StoredObject> items = new ArrayList<>();
    for (int i = 1; i < reply.size(); i += 2) {
      StoredObject object =
          Codec.object(request.store(), (String) reply.get(i), (String) reply.get(i + 1));
      if (object.labels().entrySet().containsAll(request.labelSelector().entrySet())) {
        items.add(object);
      }
    }
    items.sort(BY_KIND_THEN_NAME);
    return new ObjectList(items, ((Number) reply.get(0)).longValue());
  }

  /**
   * Commits in one call of the {@code knactor_commit} function when the batch's merge patches apply
   * to objects this client wrote last (their state is remembered); otherwise the patched objects
   * are read first, in one round trip. When one of them changed since, the function answers with
   * their current state, and the patches are computed again from it for a second call.
   */
  @Override
  public CommitResult commit(WriteBatch batch) {
    BatchCall call = BatchCall.prepare(batch);
    Set<ObjectKey> patched = call.patchedKeys();
    Optional<Map<ObjectKey, StoredObject>> known = patchBases.all(patched);
    while (true) {
      BatchCall.Invocation invocation =
          call.invocation(
              keys,
              known.isPresent() ? known.get() : readAll(patched),
              options.historyLimit(),
              options.changeLogRetention());
      List<Object> reply =
          fcall("knactor_commit", ScriptOutputType.MULTI, invocation.keys(), invocation.args());
      Optional<CommitResult> result = call.result(reply, invocation);
      if (result.isPresent()) {
        remember(batch, result.get());
        return result.get();
      }
      known = Optional.of(call.currentOnRetry(reply));
    }
  }

  private void remember(WriteBatch batch, CommitResult result) {
    for (int i = 0; i < batch.writes().size(); i++) {
      StoredObject written = result.objects().get(i);
      if (batch.writes().get(i).op() == Write.Op.DELETE) {
        patchBases.forget(written.key());
      } else {
        // A copy: the caller owns the objects of the result and may change them.
        patchBases.remember(
            new StoredObject(
                written.key(),
                written.labels(),
                written.resourceVersion(),
                written.data().deepCopy()));
      }
    }
  }

  /**
   * Watches from {@code request.fromVersion()} on a connection of its own.
   *
   * @throws ExpiredException when the change stream was trimmed past {@code fromVersion}
   */
  @Override
  public Watch watch(WatchRequest request) {
    long[] bounds = bounds();
    if (request.fromVersion() < bounds[1]) {
      throw new ExpiredException(
          "watch from resourceVersion "
              + request.fromVersion()
              + " is too old: the change stream keeps the changes after "
              + bounds[1]
              + "; list again and watch from the list's resourceVersion",
          "resourceVersion");
    }
    StatefulRedisConnection<String, String> own = redis(connections::watch);
    RedisWatch watch =
        new RedisWatch(request, own, stream(request, bounds[2]), bounds[0], watches::remove);
    watches.add(watch);
    if (closed) {
      watch.terminate(closedError());
    } else {
      watch.start();
    }
    return watch;
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    List<String> entries = redis(() -> connection.sync().lrange(keys.history(key), 0, -1));
    if (entries.isEmpty()) {
      throw new NotFoundException("no history retained for object " + key, "metadata.name");
    }
    List<ObjectRevision> history = new ArrayList<>(entries.size());
    for (String entry : entries) {
      history.add(Codec.revision(entry, "history of " + key));
    }
    return history;
  }

  @Override
  public long currentVersion() {
    return bounds()[0];
  }

  /**
   * Installs a cast's push-down plan and evaluates it over every existing object of its input
   * kinds, in one atomic call; from then on {@code knactor_commit} evaluates its rules after each
   * batch's own writes and writes the changed target objects in the same call, as the integrator.
   * See docs/backends.md.
   */
  @Override
  public void installPushDown(String integrator, String planJson) {
    Json.parseObject(planJson, "push-down plan of " + integrator);
    fcall(
        "knactor_pushdown_install",
        ScriptOutputType.INTEGER,
        new String[] {keys.version(), keys.changes(), keys.floor(), keys.pushdown()},
        integrator,
        planJson,
        Integer.toString(options.historyLimit()),
        Long.toString(options.changeLogRetention()));
  }

  @Override
  public void removePushDown(String integrator) {
    fcall(
        "knactor_pushdown_remove",
        ScriptOutputType.INTEGER,
        new String[] {keys.pushdown()},
        integrator);
  }

  @Override
  public Optional<String> installedPushDown(String integrator) {
    return Optional.ofNullable(redis(() -> connection.sync().hget(keys.pushdown(), integrator)));
  }

  /**
   * Drops the change stream up to and including {@code throughVersion} (capped at the current
   * version), as retention does on its own: afterwards a watch from a version below {@code
   * throughVersion} fails with ExpiredException, while one from {@code throughVersion} or later
   * still works. For operations and tests.
   */
  public void trimChangeLog(long throughVersion) {
    fcall(
        "knactor_trim",
        ScriptOutputType.INTEGER,
        new String[] {keys.version(), keys.floor(), keys.changes()},
        Long.toString(throughVersion));
  }

  /** Ends every watch with UnavailableException and disconnects; a second close does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RedisWatch watch : List.copyOf(watches)) {
      watch.terminate(closedError());
    }
    connections.close();
  }

  /**
   * What a watch reads: the stream of its one store when it has one and every change it asks for is
   * there (it watches from {@code since} or later), so that it wakes only for its own store; else
   * the change stream.
   */
  private RedisWatch.Stream stream(WatchRequest request, long since) {
    if (request.stores().size() == 1 && request.fromVersion() >= since) {
      return RedisWatch.Stream.ofStore(keys.changes(request.stores().iterator().next()));
    }
    return RedisWatch.Stream.ofAll(keys.changes());
  }

  /** {version, floor, since}. */
  private long[] bounds() {
    List<Object> reply =
        read("knactor_bounds", new String[] {keys.version(), keys.floor(), keys.since()});
    return new long[] {
      ((Number) reply.get(0)).longValue(),
      ((Number) reply.get(1)).longValue(),
      ((Number) reply.get(2)).longValue()
    };
  }

  /** The current state of {@code objects}, read in one round trip; absent objects are left out. */
  private Map<ObjectKey, StoredObject> readAll(Set<ObjectKey> objects) {
    if (objects.isEmpty()) {
      return Map.of();
    }
    return redis(
        () -> {
          Map<ObjectKey, RedisFuture<String>> reads = new LinkedHashMap<>();
          for (ObjectKey key : objects) {
            reads.put(key, connection.async().hget(keys.objects(key.store()), Keys.field(key)));
          }
          Map<ObjectKey, StoredObject> current = new LinkedHashMap<>();
          for (Map.Entry<ObjectKey, RedisFuture<String>> read : reads.entrySet()) {
            String value =
                LettuceFutures.awaitOrCancel(
                    read.getValue(), options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (value != null) {
              ObjectKey key = read.getKey();
              current.put(key, Codec.object(key.store(), Keys.field(key), value));
            }
          }
          return current;
        });
  }

  /** Calls a read-only function of the library. */
  private List<Object> read(String function, String[] keys, String... args) {
    return redis(
        () -> connection.sync().fcallReadOnly(function, ScriptOutputType.MULTI, keys, args));
  }

  private <T> T fcall(String function, ScriptOutputType type, String[] keys, String... args) {
    return redis(() -> connection.sync().fcall(function, type, keys, args));
  }

  private <T> T redis(Supplier<T> call) {
    if (closed) {
      throw closedError();
    }
    try {
      return call.get();
    } catch (RedisException e) {
      if (closed) {
        throw closedError();
      }
      throw new UnavailableException(
          "Redis at "
              + options.host()
              + ":"
              + options.port()
              + " failed: "
              + e.getMessage()
              + " (a write that failed this way may or may not have been committed)",
          e);
    }
  }

  private UnavailableException closedError() {
    return new UnavailableException(
        "the Redis object exchange " + options.address() + " is closed");
  }
}
