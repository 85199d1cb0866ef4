package io.knactor.server.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.server.metrics.ServerMetrics;
import io.knactor.server.registry.Principal;
import io.knactor.server.registry.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An {@link ObjectExchange} bound to one authenticated principal: every call is authorized by
 * {@link AccessPolicy}, every write validated against its kind's schema and checked against the
 * external-field rule and the principal's grants, and every batch recorded under the principal's
 * own name: the batch's claimed principal is ignored, except from an admin, which may act for a
 * principal it names. The HTTP API and in-JVM connections both go through this class; it shares the
 * backend's objects without copying them.
 *
 * <p>Checks that depend on an object's current state (external fields, granted fields, a merge
 * patch's result) pin the write to the version they checked, so a concurrent change cannot slip
 * past them; when the exchange then reports a conflict, the batch is checked again against the new
 * state, up to {@link #MAX_ATTEMPTS} times. A write pinned to a version (its expected version) is
 * checked against that version as {@link CommittedObjects} holds it, when it does, instead of
 * reading it back from the exchange: the server's connections share one, so a Cast's write to an
 * object a knactor just committed, or the reverse, is checked without a read. A write expecting no
 * version is checked against the newest state held, and pinned to it, the same way (a Cast's own
 * state, say, which only it writes): on a backend across the network, every read saved is a round
 * trip. A stale guess costs one conflict, and the check again, against the exchange.
 *
 * <p>A write holds {@link AccessPolicy#writeChecks} from its checks to its commit, so it commits
 * under the schemas and grants it was checked against: an apply that changes them waits for it.
 *
 * <p>Thread-safe. {@link #close} closes the watches opened through this connection, not the
 * backend.
 */
public final class SecuredObjectExchange implements ObjectExchange {
  static final int MAX_ATTEMPTS = 16;

  private final ObjectExchange backend;
  private final AccessPolicy policy;
  private final Principal principal;
  private final ServerMetrics metrics;
  private final CommittedObjects committed;
  private final Set<SecuredWatch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param committed the objects the commits of every connection to {@code backend} stored, kept up
   *     to date by this connection's commits too
   */
  public SecuredObjectExchange(
      ObjectExchange backend,
      AccessPolicy policy,
      Principal principal,
      ServerMetrics metrics,
      CommittedObjects committed) {
    this.backend = backend;
    this.policy = policy;
    this.principal = principal;
    this.metrics = metrics;
    this.committed = committed;
  }

  /** The principal as registered now; see {@link AccessPolicy#refresh}. */
  public Principal principal() {
    return policy.refresh(principal);
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    ensureOpen();
    policy.checkRead(principal(), key.store(), key.kind());
    return backend.get(key);
  }

  @Override
  public ObjectList list(ListRequest request) {
    ensureOpen();
    Predicate<String> kinds = policy.checkRead(principal(), request.store(), request.kind());
    ObjectList list = backend.list(request);
    if (list.items().stream().allMatch(o -> kinds.test(o.kind()))) {
      return list;
    }
    return new ObjectList(
        list.items().stream().filter(o -> kinds.test(o.kind())).collect(Collectors.toList()),
        list.resourceVersion());
  }

  @Override
  public Watch watch(WatchRequest request) {
    ensureOpen();
    Principal current = principal();
    Map<StoreRef, Predicate<String>> visible = new HashMap<>();
    if (request.stores().isEmpty()) {
      policy.checkWatchAll(current);
    }
    for (StoreRef store : request.stores()) {
      visible.put(store, policy.checkRead(current, store, request.kind()));
    }
    Watch inner = backend.watch(request);
    SecuredWatch watch =
        new SecuredWatch(
            inner,
            (store, kind) -> visible.isEmpty() || visible.get(store).test(kind),
            metrics,
            watches::remove);
    watches.add(watch);
    if (closed) {
      watch.close();
      ensureOpen();
    }
    return watch;
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    ensureOpen();
    policy.checkRead(principal(), key.store(), key.kind());
    return backend.history(key);
  }

  @Override
  public long currentVersion() {
    ensureOpen();
    principal();
    return backend.currentVersion();
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    ensureOpen();
    boolean readCreates = false;
    for (int attempt = 1; ; attempt++) {
      Lock checks = policy.writeChecks();
      checks.lock();
      Plan plan = null;
      boolean atOnce = false;
      try {
        Principal current = principal();
        plan = plan(current, batch.writes(), readCreates);
        CommitResult result =
            backend.commit(new WriteBatch(recorded(current, batch.principal()), plan.writes));
        metrics.committed(plan.writes.size());
        committed.committed(plan.writes, result);
        return result;
      } catch (ConflictException e) {
        if (plan != null) {
          committed.forget(plan.writes);
        }
        // A checked plan answered every precondition it could see itself, so the exchange's
        // conflict means the state moved since it was read: check again against the new state.
        if (plan == null || !plan.checkedState) {
          throw e;
        }
        if (plan.unreadCreates && !readCreates) {
          // Perhaps a CREATE of an object that exists: checking again with a read of it says so.
          readCreates = true;
          continue;
        }
        if (attempt == MAX_ATTEMPTS) {
          throw new ConflictException(
              "the objects of this batch kept changing while their access checks ran ("
                  + MAX_ATTEMPTS
                  + " attempts); retry later",
              e.field(),
              e);
        }
        // A plan checked against held states may only have missed a commit that did not pass
        // through them: checking again reads the exchange, at once.
        atOnce = plan.usedCommitted;
      } finally {
        checks.unlock();
      }
      if (!atOnce) {
        backOff(attempt);
      }
    }
  }

  /**
   * Waits a little longer after each lost race: an exchange may report a conflict with a change
   * that its readers see only once that change's group commit completes.
   */
  private static void backOff(int attempt) {
    LockSupport.parkNanos(Math.min(50_000_000L, 250_000L << Math.min(attempt, 8)));
  }

  /**
   * The principal history records: the authenticated one; only an admin may act for another
   * principal by naming it (an admin could create that principal and act as it anyway).
   */
  private static String recorded(Principal current, String claimed) {
    if (current.role() != Role.ADMIN || claimed.equals(current.name())) {
      return current.name();
    }
    if (!Principal.NAME.matcher(claimed).matches()) {
      throw new InvalidInputException(
          "invalid principal '" + claimed + "': must match " + Principal.NAME.pattern(),
          "principal");
    }
    return claimed;
  }

  /**
   * The writes to commit, after every check; {@code checkedState} when the checks read the objects'
   * current state (and pinned the writes to it); {@code usedCommitted} when some of those states
   * came from {@link CommittedObjects}, not from the exchange.
   */
  private static final class Plan {
    final List<Write> writes = new ArrayList<>();
    boolean checkedState;
    boolean usedCommitted;
    // Whether a CREATE was checked against absence without a read (see read).
    boolean unreadCreates;
    // Whether CREATEs are to be checked against a read, after one of those conflicted.
    final boolean readCreates;

    Plan(boolean readCreates) {
      this.readCreates = readCreates;
    }
  }

  private static final long ABSENT = -1;

  /** An object's state while a batch is checked; data null when it does not exist. */
  private record State(long version, ObjectNode data, Map<String, String> labels) {
    static final State NONE = new State(ABSENT, null, Map.of());

    boolean exists() {
      return data != null;
    }
  }

  private Plan plan(Principal current, List<Write> writes, boolean readCreates) {
    Plan plan = new Plan(readCreates);
    List<WriteRule> rules = new ArrayList<>(writes.size());
    boolean needState = false;
    for (Write write : writes) {
      WriteRule rule = policy.checkWrite(current, write.key().store(), write.key().kind());
      rules.add(rule);
      needState |= rule.needsCurrentState(write.op());
    }
    if (!needState) {
      for (int i = 0; i < writes.size(); i++) {
        Write write = writes.get(i);
        if (rules.get(i).schema() != null && write.op() != Write.Op.DELETE) {
          rules.get(i).schema().requireValid(write.data());
        }
        plan.writes.add(write);
      }
      return plan;
    }
    plan.checkedState = true;
    Map<ObjectKey, State> simulated = new HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      plan.writes.add(checked(writes.get(i), rules.get(i), simulated, plan));
    }
    return plan;
  }

  private Write checked(Write write, WriteRule rule, Map<ObjectKey, State> simulated, Plan plan) {
    ObjectKey key = write.key();
    boolean inBatch = simulated.containsKey(key);
    long expected = write.expectedVersion();
    State before = inBatch ? simulated.get(key) : read(write, plan);
    boolean mustExist =
        write.op() == Write.Op.REPLACE
            || write.op() == Write.Op.PATCH
            || write.op() == Write.Op.DELETE;
    if (mustExist && !before.exists()) {
      throw notFound(key);
    }
    // A precondition the state just read does not meet is answered here, as the exchange would:
    // let through, the object could reach that version, unchecked, before the commit.
    if (!inBatch
        && expected != Write.ANY_VERSION
        && (!before.exists() || expected != before.version())) {
      throw new ConflictException(
          "object "
              + key
              + " is "
              + (before.exists() ? "at resourceVersion " + before.version() : "absent")
              + ", not at the expected resourceVersion "
              + expected
              + "; read it again and retry",
          "metadata.resourceVersion",
          key);
    }
    ObjectNode after;
    Map<String, String> labels;
    switch (write.op()) {
      case CREATE -> {
        if (before.exists()) {
          throw new ConflictException(
              "object " + key + " already exists at resourceVersion " + before.version(),
              "metadata.name");
        }
        after = write.data();
        labels = write.labels() == null ? Map.of() : write.labels();
      }
      case REPLACE, UPSERT -> {
        after = write.data();
        labels = write.labels() == null ? before.labels() : write.labels();
      }
      case PATCH, PATCH_OR_CREATE -> {
        after = JsonMergePatch.apply(before.data(), write.data());
        labels = write.labels() == null ? before.labels() : write.labels();
      }
      case DELETE -> {
        after = null;
        labels = Map.of();
      }
      default -> throw new IllegalStateException("unhandled op " + write.op());
    }
    rule.check(key, write.op(), before.data(), after, before.labels(), labels);
    simulated.put(key, after == null ? State.NONE : new State(ABSENT, after, labels));
    if (inBatch || expected != Write.ANY_VERSION || !rule.needsCurrentState(write.op())) {
      return write;
    }
    if (before.exists()) {
      return new Write(
          write.op(), key, before.version(), write.labels(), write.data(), write.annotations());
    }
    // Creating pins "absent": the exchange refuses a CREATE of an object that appeared meanwhile.
    return new Write(
        Write.Op.CREATE, key, Write.ANY_VERSION, write.labels(), after, write.annotations());
  }

  /**
   * The object's state to check a write against: absent for a CREATE (the exchange refuses one of
   * an object that exists; after such a refusal the batch is checked again reading it, so that the
   * caller hears that it exists); the version the write expects, when {@link CommittedObjects}
   * holds it (the exchange refuses the write if that is no longer current); for another write
   * expecting no version, the newest state held, which the write is then pinned to; else the
   * current one, read from the exchange.
   */
  private State read(Write write, Plan plan) {
    ObjectKey key = write.key();
    long expected = write.expectedVersion();
    if (write.op() == Write.Op.CREATE && expected == Write.ANY_VERSION && !plan.readCreates) {
      plan.unreadCreates = true;
      return State.NONE;
    }
    Optional<StoredObject> held;
    if (expected != Write.ANY_VERSION) {
      held = committed.at(key, expected);
    } else {
      // Checked against the newest held state, the write is pinned to its version (see checked):
      // if the object moved on, the exchange refuses it and the check reads the exchange.
      held = committed.latest(key);
    }
    if (held.isPresent()) {
      plan.usedCommitted = true;
    }
    return held.or(() -> backend.get(key))
        .map(o -> new State(o.resourceVersion(), o.data(), o.labels()))
        .orElse(State.NONE);
  }

  private static NotFoundException notFound(ObjectKey key) {
    return new NotFoundException("object " + key + " not found", "metadata.name");
  }

  /** Closes the watches opened through this connection; the backend stays open. */
  @Override
  public void close() {
    closed = true;
    for (SecuredWatch watch : List.copyOf(watches)) {
      watch.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new UnavailableException("this connection of " + principal.name() + " is closed");
    }
  }
}
