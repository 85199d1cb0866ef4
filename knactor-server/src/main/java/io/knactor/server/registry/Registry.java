package io.knactor.server.registry;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.runtime.CastState;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.log.LogExchange;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.core.schema.Schema;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.sdk.http.GrantInfo;
import io.knactor.sdk.http.KnactorInfo;
import io.knactor.sdk.http.PrincipalInfo;
import io.knactor.sdk.http.SchemaInfo;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.SyncPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The registry of schemas, knactors, principals, grants, casts and syncs, kept in the reserved
 * store {@link #SYSTEM_STORE} of the exchange it serves, so it survives restarts on every backend.
 *
 * <p>Reads see an immutable {@link RegistryState} snapshot without locking; applies are serialized
 * and replace the snapshot only after their writes committed. One server process owns the registry
 * of an exchange: a second process on the same backend would not see this one's applies until it
 * restarts.
 */
public final class Registry {
  /** The reserved store holding the registry; invisible to every principal but admin. */
  public static final StoreRef SYSTEM_STORE = RegistryRecords.SYSTEM_STORE;

  private final ObjectExchange exchange;
  private final Principal admin;
  private final CastCompiler compiler;
  private final SyncCompiler syncCompiler;
  private final Object applyLock = new Object();
  private final ReadWriteLock checksGate = new ReentrantReadWriteLock();
  private final List<Consumer<RegistryState>> listeners = new CopyOnWriteArrayList<>();
  private volatile RegistryState state;

  private Registry(
      ObjectExchange exchange,
      Principal admin,
      CastCompiler compiler,
      SyncCompiler syncCompiler,
      RegistryState state) {
    this.exchange = exchange;
    this.admin = admin;
    this.compiler = compiler;
    this.syncCompiler = syncCompiler;
    this.state = state;
  }

  /**
   * Loads the registry stored in {@code exchange}.
   *
   * @param adminToken the configured admin token; it authenticates the principal {@code admin}
   */
  public static Registry open(ObjectExchange exchange, String adminToken) {
    return open(exchange, adminToken, FunctionRegistry.empty());
  }

  /**
   * Loads the registry stored in {@code exchange}; Cast specs are checked and compiled with {@code
   * functions}.
   */
  public static Registry open(
      ObjectExchange exchange, String adminToken, FunctionRegistry functions) {
    return open(exchange, adminToken, functions, null, OperatorRegistry.empty());
  }

  /**
   * Loads the registry stored in {@code exchange}; Cast and Sync specs are checked with {@code
   * functions}, Sync specs against the log stores of {@code logs} (null when the server hosts no
   * log exchange: every Sync is refused) and with the user operators of {@code operators}.
   */
  public static Registry open(
      ObjectExchange exchange,
      String adminToken,
      FunctionRegistry functions,
      LogExchange logs,
      OperatorRegistry operators) {
    CastCompiler compiler = new CastCompiler(functions);
    SyncCompiler syncCompiler = new SyncCompiler(functions, operators, logs);
    return new Registry(
        exchange,
        new Principal(Principal.ADMIN, Role.ADMIN, Tokens.sha256(adminToken)),
        compiler,
        syncCompiler,
        RegistryRecords.load(exchange, compiler, syncCompiler));
  }

  /** The functions Cast specs may call. */
  public FunctionRegistry functions() {
    return compiler.functions();
  }

  /**
   * Calls {@code listener} with each new snapshot, after its writes committed, one call at a time
   * and in apply order.
   */
  public void onChange(Consumer<RegistryState> listener) {
    listeners.add(listener);
  }

  public RegistryState state() {
    return state;
  }

  /** The principal the configured admin token authenticates. */
  public Principal admin() {
    return admin;
  }

  /** The principal owning {@code token}, if any. */
  public Optional<Principal> principalForToken(String token) {
    String hash = Tokens.sha256(token);
    if (Tokens.sameHash(hash, admin.tokenSha256())) {
      return Optional.of(admin);
    }
    return state.principalByTokenHash(hash);
  }

  /** The principal named {@code name} as currently registered (admin included). */
  public Optional<Principal> principal(String name) {
    return name.equals(Principal.ADMIN) ? Optional.of(admin) : state.principal(name);
  }

  /**
   * Applies multi-document YAML, all or nothing, on behalf of {@code principal}.
   *
   * @throws io.knactor.core.error.InvalidInputException for malformed YAML
   * @throws io.knactor.core.error.SpecException listing every document that does not check
   */
  public ApplyResult apply(String yaml, String principal) {
    return apply(ApplyParser.parse(yaml), principal);
  }

  /** Applies parsed documents, all or nothing; see {@link #apply(String, String)}. */
  public ApplyResult apply(List<RegistryDocument> documents, String principal) {
    synchronized (applyLock) {
      ApplyPlanner.Plan plan =
          ApplyPlanner.plan(state, documents, admin.tokenSha256(), compiler, syncCompiler);
      // Exclusive, so that a write checked against the schemas and grants this apply replaces
      // commits before it, and none checked against them commits after it returns.
      Lock gate = checksGate.writeLock();
      gate.lock();
      try {
        if (!plan.writes().isEmpty()) {
          exchange.commit(new WriteBatch(principal, plan.writes()));
        }
        state = plan.next();
      } finally {
        gate.unlock();
      }
      notifyListeners(plan.next());
      return plan.result();
    }
  }

  /**
   * Makes a kept revision of cast {@code name} run again, as a new revision (so the history shows
   * the rollback). {@code toRevision} null means the revision before the running one.
   *
   * @return the cast with its new revision running
   * @throws NotFoundException when there is no such cast or the revision is not kept
   * @throws io.knactor.core.error.InvalidInputException when that revision is the running one
   * @throws io.knactor.core.error.SpecException when that revision no longer checks against the
   *     registered schemas
   */
  public CastRecord rollback(String name, Long toRevision, String principal) {
    synchronized (applyLock) {
      CastRecord cast = cast(name);
      Rollback<CompiledCast> rollback = Rollback.plan(cast, toRevision, compiler, state);
      CastRecord rolled = new CastRecord(name, rollback.history(), rollback.compiled(), "");
      commit(principal, RegistryRecords.write(rolled), next -> next.casts.put(name, rolled));
      return rolled;
    }
  }

  /**
   * Makes a kept revision of sync {@code name} run again, as a new revision; see {@link #rollback}.
   * The new revision resumes from the offsets the running one committed.
   *
   * @return the sync with its new revision
   */
  public SyncRecord rollbackSync(String name, Long toRevision, String principal) {
    synchronized (applyLock) {
      SyncRecord sync = sync(name);
      Rollback<SyncPlan> rollback = Rollback.plan(sync, toRevision, syncCompiler, state);
      SyncRecord rolled = sync.withHistory(rollback.history()).withPlan(rollback.compiled());
      commit(principal, RegistryRecords.write(rolled), next -> next.syncs.put(name, rolled));
      return rolled;
    }
  }

  /**
   * Deletes cast {@code name}: it stops after the change being consumed, then its record and its
   * stored position go in one commit; what it wrote stays. A cast applied again under that name
   * starts afresh, as revision 1 evaluating every key.
   *
   * @return the deleted cast
   * @throws NotFoundException when there is no such cast
   */
  public CastRecord deleteCast(String name, String principal) {
    synchronized (applyLock) {
      CastRecord cast = cast(name);
      delete(
          cast,
          principal,
          next -> next.casts.remove(name),
          () ->
              exchange
                  .get(CastState.keyOf(name))
                  .map(s -> Write.delete(s.key(), s.resourceVersion())));
      return cast;
    }
  }

  /**
   * Deletes sync {@code name}: its instances stop after their current round and its record goes.
   * Its committed offsets and operator state stay in the log exchange, so a sync applied again
   * under that name resumes from them, as a new revision does.
   *
   * @return the deleted sync
   * @throws NotFoundException when there is no such sync
   */
  public SyncRecord deleteSync(String name, String principal) {
    synchronized (applyLock) {
      SyncRecord sync = sync(name);
      delete(sync, principal, next -> next.syncs.remove(name), Optional::empty);
      return sync;
    }
  }

  /**
   * Stops {@code record} first (the listeners do, on the state without it), so that it writes
   * nothing after its stored state is deleted; if the delete then fails, it runs again.
   */
  private void delete(
      IntegratorRecord record,
      String principal,
      Consumer<RegistryState.Builder> change,
      Supplier<Optional<Write>> storedState) {
    RegistryState before = state;
    RegistryState.Builder next = before.toBuilder();
    change.accept(next);
    replace(next.build());
    try {
      List<Write> writes = new ArrayList<>();
      writes.add(RegistryRecords.delete(record));
      storedState.get().ifPresent(writes::add);
      exchange.commit(new WriteBatch(principal, writes));
    } catch (RuntimeException e) {
      replace(before);
      throw e;
    }
  }

  /**
   * Sets how many instances run sync {@code name}; kept across revisions and restarts.
   *
   * @throws NotFoundException when there is no such sync
   * @throws io.knactor.core.error.InvalidInputException when {@code parallelism} is not between 1
   *     and the partitions of its sources, or its running revision does not run
   */
  public SyncRecord scaleSync(String name, int parallelism, String principal) {
    synchronized (applyLock) {
      SyncRecord sync = sync(name);
      if (sync.plan() == null) {
        throw new InvalidInputException(
            "sync '" + name + "' does not run: " + sync.problem(), "parallelism");
      }
      int partitions = syncCompiler.partitions(sync.plan());
      if (parallelism < 1 || parallelism > partitions) {
        throw new InvalidInputException(
            "parallelism must be between 1 and "
                + partitions
                + " (the partitions of sync '"
                + name
                + "'), got "
                + parallelism,
            "parallelism");
      }
      SyncRecord scaled = sync.withParallelism(parallelism);
      if (parallelism != sync.parallelism()) {
        commit(principal, RegistryRecords.write(scaled), next -> next.syncs.put(name, scaled));
      }
      return scaled;
    }
  }

  /**
   * @throws NotFoundException when there is no cast {@code name}
   */
  public CastRecord cast(String name) {
    return state
        .cast(name)
        .orElseThrow(() -> new NotFoundException("no cast '" + name + "'", "cast"));
  }

  /**
   * @throws NotFoundException when there is no sync {@code name}
   */
  public SyncRecord sync(String name) {
    return state
        .sync(name)
        .orElseThrow(() -> new NotFoundException("no sync '" + name + "'", "sync"));
  }

  private void commit(String principal, Write write, Consumer<RegistryState.Builder> change) {
    exchange.commit(new WriteBatch(principal, List.of(write)));
    RegistryState.Builder next = state.toBuilder();
    change.accept(next);
    replace(next.build());
  }

  /**
   * Held (shared) by a write from its checks against the registry to its commit: an apply waits for
   * such writes, and the writes wait for an apply to finish, so that every write is checked against
   * the schemas and grants in force when it commits.
   */
  public Lock writeChecks() {
    return checksGate.readLock();
  }

  private void replace(RegistryState next) {
    state = next;
    notifyListeners(next);
  }

  private void notifyListeners(RegistryState next) {
    for (Consumer<RegistryState> listener : listeners) {
      listener.accept(next);
    }
  }

  public List<SchemaInfo> schemas() {
    return state.schemas().values().stream().map(Registry::info).collect(Collectors.toList());
  }

  /**
   * @throws NotFoundException when no schema {@code ref} is registered
   */
  public SchemaInfo schema(SchemaRef ref) {
    return state
        .schema(ref)
        .map(Registry::info)
        .orElseThrow(() -> new NotFoundException("no schema " + ref + " is registered", "schema"));
  }

  public List<KnactorInfo> knactors() {
    return state.knactors().values().stream()
        .map(k -> new KnactorInfo(k.store().toString(), k.principal()))
        .collect(Collectors.toList());
  }

  public List<PrincipalInfo> principals() {
    return state.principals().values().stream()
        .map(p -> new PrincipalInfo(p.name(), p.role().wireName()))
        .collect(Collectors.toList());
  }

  public List<GrantInfo> grants() {
    return state.grants().stream()
        .map(
            g ->
                new GrantInfo(
                    g.principal(),
                    g.store().toString(),
                    g.kind(),
                    g.fields(),
                    g.verbs().stream().sorted().map(Verb::wireName).collect(Collectors.toList())))
        .collect(Collectors.toList());
  }

  private static SchemaInfo info(Schema schema) {
    return new SchemaInfo(
        schema.ref().toString(), schema.singleton(), schema.source(), fields(schema.fields()));
  }

  private static List<SchemaInfo.FieldInfo> fields(Map<String, Field> fields) {
    List<SchemaInfo.FieldInfo> out = new ArrayList<>();
    for (Field field : fields.values()) {
      FieldType type = field.type();
      FieldType structured =
          type.kind() == FieldType.Kind.ARRAY && type.element() != null ? type.element() : type;
      out.add(
          new SchemaInfo.FieldInfo(
              field.name(),
              typeName(type),
              field.external(),
              field.line(),
              fields(structured.fields())));
    }
    return out;
  }

  private static String typeName(FieldType type) {
    if (type.kind() == FieldType.Kind.ARRAY) {
      return type.element() == null || type.element().isStructured()
          ? "array"
          : "array<" + typeName(type.element()) + ">";
    }
    return type.kind().name().toLowerCase(java.util.Locale.ROOT);
  }
}
