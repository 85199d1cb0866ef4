package io.knactor.cast.runtime;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.eval.CastEvaluator;
import io.knactor.cast.eval.Evaluation;
import io.knactor.cast.eval.ObjectView;
import io.knactor.cast.eval.SourceChange;
import io.knactor.cast.pushdown.PushDownPlan;
import io.knactor.cast.pushdown.PushDownTranslator;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.RulePushDown;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one cast for as long as it is open: watches the stores of its kinds from the position stored
 * in its {@link CastState}, evaluates every change and commits the writes it causes in one batch
 * <b>together with the new position</b>, so that after a crash it resumes where its last commit
 * left off, with no effect lost or repeated.
 *
 * <ul>
 *   <li><b>First start</b>, a <b>new revision</b> ({@link #update}) and a watch answered 410
 *       Expired each evaluate every key once (a resync) and then store the revision. A new revision
 *       takes over at the position the old one reached: the switch happens between two changes.
 *   <li>A change that causes no write advances the position in memory only; it is stored with the
 *       next write, or when the watch goes quiet. Replaying such changes after a crash writes
 *       nothing, since writes happen only on change.
 *   <li>A rule whose expression or function fails, or whose write the exchange refuses (no grant,
 *       schema violation), is recorded as a {@link KeyFailure} in the state and the status; the
 *       other rules and keys go on. The next change of that key evaluates all its rules, and a
 *       success clears the failure.
 *   <li>A write conflict with another writer re-evaluates and retries; an unexpected error is
 *       reported in the status and the runtime restarts from its stored state.
 * </ul>
 *
 * <p><b>Push-down.</b> Started with a {@link RulePushDown} exchange, a revision whose rules are all
 * pushable ({@link PushDownTranslator}) is installed there instead: the exchange evaluates the
 * rules inside each source commit, and the runtime only resyncs once (phase {@code pushed-down})
 * and waits for the next revision. A revision with a rule that is not pushable runs here as usual
 * (the reasons are logged); closing the runtime removes the push-down.
 *
 * <p>Owns one daemon thread; {@link #update}, {@link #status} and {@link #close} are thread-safe.
 */
public final class CastRuntime implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CastRuntime.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int RECENT_OBJECTS = 10_000;
  private static final int MAX_CONFLICTS = 50;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The most changes evaluated in one round, and so committed in one batch. */
  static final int MAX_ROUND = 256;

  /** How often a round's batch is evaluated again on a conflict before its changes commit alone. */
  static final int ROUND_ATTEMPTS = 8;

  private final ObjectExchange exchange;
  private final RulePushDown pushDown;
  private final CastEvaluator evaluator;
  private final ObjectView view;
  private final KnownObjects known;
  private final String name;
  private final AtomicReference<CompiledCast> wanted;
  private final RecentObjects recent = new RecentObjects(RECENT_OBJECTS);
  private final OwnWrites own = new OwnWrites();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Watch watch;

  // Written by the runtime's thread only; volatile so that status() reads a recent value.
  private volatile CompiledCast cast;
  private volatile String phase = "starting";
  private volatile long position;
  private volatile Map<String, KeyFailure> failures = Map.of();
  private volatile long events;
  private volatile long commits;
  private volatile long resyncs;
  private volatile String lastError = "";
  private Map<String, KeyFailure> storedFailures = Map.of();
  private long pushDownDecided;
  private boolean pushable;
  private String planText;
  private volatile boolean installed;
  private long installedRevision;
  private volatile String pushDownNote = "";
  private boolean positionDirty;

  private CastRuntime(ObjectExchange exchange, CompiledCast cast, RulePushDown pushDown) {
    this.exchange = exchange;
    this.pushDown = pushDown;
    this.name = cast.name();
    this.evaluator = new CastEvaluator(cast.name());
    this.view = ObjectView.of(exchange);
    this.known = new KnownObjects(view, RECENT_OBJECTS);
    this.wanted = new AtomicReference<>(cast);
    this.cast = cast;
    this.thread = new Thread(this::run, "cast-" + name);
    thread.setDaemon(true);
  }

  /**
   * Starts running {@code cast} on {@code exchange}, a connection that may read the cast's kinds,
   * write its target fields and write its state store {@link CastState#storeOf}.
   */
  public static CastRuntime start(ObjectExchange exchange, CompiledCast cast) {
    return start(exchange, cast, null);
  }

  /**
   * Like {@link #start(ObjectExchange, CompiledCast)}, pushing revisions whose rules are all
   * pushable down into {@code pushDown} (the exchange under {@code exchange}; null: never).
   */
  public static CastRuntime start(
      ObjectExchange exchange, CompiledCast cast, RulePushDown pushDown) {
    CastRuntime runtime = new CastRuntime(exchange, cast, pushDown);
    runtime.thread.start();
    return runtime;
  }

  /** Whether the running revision is pushed down into the exchange. */
  public boolean pushedDown() {
    return installed;
  }

  /** What was decided about push-down for the running revision, and why; empty without one. */
  public String pushDownNote() {
    return pushDownNote;
  }

  public String name() {
    return name;
  }

  /**
   * Switches to {@code next} (a revision of the same cast, already checked) after the change being
   * consumed; it then evaluates every key once with the new rules and goes on from the same
   * position. Updating to the running revision does nothing.
   */
  public void update(CompiledCast next) {
    if (!next.name().equals(name)) {
      throw new IllegalArgumentException("cast " + next.name() + " cannot replace cast " + name);
    }
    wanted.set(next);
  }

  /** The revision this runtime was last asked to run (it may still be switching to it). */
  public long wantedRevision() {
    return wanted.get().revision();
  }

  public CastStatus status() {
    return new CastStatus(
        name,
        cast.revision(),
        closed ? "stopped" : phase,
        position,
        List.copyOf(failures.values()),
        events,
        commits,
        resyncs,
        lastError,
        pushDownNote);
  }

  /** Stops the runtime after the change being consumed; what it committed stays committed. */
  @Override
  public void close() {
    closed = true;
    closeWatch();
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (installed) {
      try {
        pushDown.removePushDown(name);
        installed = false;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cast " + name + ": removing its push-down failed", e);
      }
    }
  }

  private void run() {
    while (!closed) {
      try {
        resume();
        consumeChanges();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        lastError = e.toString();
        phase = "retrying";
        LOG.log(System.Logger.Level.WARNING, "cast " + name + " failed; restarting", e);
        closeWatch();
        LockSupport.parkNanos(RETRY_NANOS);
      } finally {
        if (closed) {
          closeWatch();
        }
      }
    }
  }

  /** Loads the stored state; resyncs when there is none or it is of another revision. */
  private void resume() {
    cast = wanted.get();
    installedRevision = 0;
    recent.clear();
    own.clear();
    known.forget();
    Optional<CastState> stored = CastState.load(exchange, name);
    storedFailures = stored.map(CastState::failures).orElse(Map.of());
    failures = storedFailures;
    positionDirty = false;
    if (stored.isEmpty()) {
      position = exchange.currentVersion();
      resync();
    } else {
      position = stored.get().position();
      if (stored.get().revision() != cast.revision()) {
        resync();
      }
    }
    phase = "running";
  }

  private void consumeChanges() throws InterruptedException {
    while (!closed) {
      CompiledCast next = wanted.get();
      if (next != cast) {
        LOG.log(
            System.Logger.Level.INFO,
            "cast "
                + name
                + " switches from revision "
                + cast.revision()
                + " to "
                + next.revision()
                + " at position "
                + position);
        // The phase first: status() must not show the new revision with the old one's phase.
        phase = "syncing";
        cast = next;
        closeWatch();
        if (!pushable()) {
          if (installed) {
            pushDown.removePushDown(name);
            installed = false;
            position = exchange.currentVersion();
          }
          resync();
          phase = "running";
        }
      }
      if (pushedDownNow()) {
        LockSupport.parkNanos(POLL.toNanos());
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        continue;
      }
      List<WatchEvent> round = new ArrayList<>();
      try {
        Watch open = watch;
        if (open == null) {
          open = exchange.watch(WatchRequest.ofStores(watchedStores(cast), position));
          watch = open;
        }
        // Whatever else has arrived joins the round: under load, many changes per commit.
        for (WatchEvent arrived = open.poll(POLL);
            arrived != null;
            arrived = round.size() < MAX_ROUND ? open.poll(Duration.ZERO) : null) {
          round.add(arrived);
        }
      } catch (ExpiredException e) {
        closeWatch();
        position = exchange.currentVersion();
        resync();
        phase = "running";
        continue;
      } catch (WatchOverflowException e) {
        closeWatch();
        continue;
      }
      if (round.isEmpty()) {
        if (positionDirty) {
          commitState();
        }
        continue;
      }
      consume(round);
    }
  }

  /** Whether the running revision can be pushed down; decided once per revision, and logged. */
  private boolean pushable() {
    if (pushDown == null) {
      return false;
    }
    if (pushDownDecided != cast.revision()) {
      PushDownPlan plan = PushDownTranslator.translate(cast);
      pushable = plan.complete();
      planText = plan.text();
      pushDownDecided = cast.revision();
      pushDownNote = (pushable ? "pushed down: " : "not pushed down: ") + plan.describe();
      LOG.log(
          System.Logger.Level.INFO,
          "cast " + name + " revision " + cast.revision() + " " + pushDownNote);
    }
    return pushable;
  }

  /**
   * True when the running revision is pushed down; installs it first if needed (or when it went
   * missing), which evaluates every key once, and stores the revision.
   */
  private boolean pushedDownNow() {
    if (!pushable()) {
      return false;
    }
    String plan = planText;
    if (installedRevision == cast.revision()
        && !pushDown.installedPushDown(name).map(plan::equals).orElse(false)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cast " + name + ": its push-down is no longer installed; installing it again");
      installedRevision = 0;
    }
    if (installedRevision != cast.revision()) {
      // The exchange evaluates every key itself, atomically with the install: a resync here would
      // race with source writes, with no watch to correct it.
      closeWatch();
      pushDown.installPushDown(name, plan);
      installed = true;
      installedRevision = cast.revision();
      position = exchange.currentVersion();
      failures = Map.of();
      resyncs++;
      commitState();
      phase = "pushed-down";
    }
    return true;
  }

  /**
   * Evaluates the changes of a round in order, each against a state at least as new as all of them
   * ({@link KnownObjects}) with the writes the round plans before it laid over ({@link
   * Round#view()}), and commits their writes with the position of the last in one batch.
   */
  private void consume(List<WatchEvent> changes) {
    changes.forEach(known::seen);
    Round round = new Round(failures, cast.revision(), known);
    for (WatchEvent event : changes) {
      if (wanted.get() != cast) {
        // A new revision takes over after the change being consumed: the rest of the round comes
        // again through the watch the switch reopens at the position committed here.
        break;
      }
      round = join(round, planOf(seen(event), round.failures()), event.resourceVersion(), 1);
      events++;
    }
    commit(round, 1);
  }

  /**
   * Adds the evaluation of {@code plan} to {@code round}; when its writes do not merge with the
   * round's, commits the round first and evaluates again on what it committed, in a new round.
   *
   * @return the round it joined
   */
  private Round join(Round round, Function<ObjectView, Evaluation> plan, long at, int attempt) {
    Evaluation evaluation = plan.apply(round.view());
    if (!round.accepts(evaluation)) {
      commit(round, attempt);
      round = new Round(failures, cast.revision(), known);
      evaluation = plan.apply(round.view());
    }
    round.add(plan, evaluation, at);
    return round;
  }

  /**
   * Commits the writes of {@code round} and its position (and failures) in one batch. A conflict
   * that names the object evaluates again, on a fresh read of it, the changes of its key; another
   * conflict evaluates every change again on fresh reads of what the round writes; up to {@link
   * #ROUND_ATTEMPTS} times. When the exchange refuses a batch of several changes, or it still
   * conflicts, they are committed one by one instead, each as a round of its own would be, so that
   * a refusal fails only its own change.
   */
  private void commit(Round round, int attempt) {
    List<Round.Entry> entries = round.entries();
    if (entries.isEmpty()) {
      return;
    }
    if (entries.size() == 1) {
      Round.Entry only = entries.get(0);
      commit(() -> only.plan().apply(known), only.evaluation(), only.at(), true);
      return;
    }
    Map<String, KeyFailure> next = round.failures();
    List<Write> writes = new ArrayList<>(round.writes());
    if (writes.isEmpty() && next.equals(failures)) {
      advance(round.at(), true);
      return;
    }
    writes.add(new CastState(cast.revision(), round.at(), next).writeFrom(name, storedFailures));
    try {
      committed(round.writes(), exchange.commit(new WriteBatch(name, writes)));
      commits++;
      failures = next;
      storedFailures = next;
      position = round.at();
      positionDirty = false;
    } catch (ConflictException e) {
      // Under load the watch lags behind the exchange: another writer has often moved an object
      // the round writes since the changes it read. A fresh read of it usually commits next time.
      // Keys are independent, so when the conflict names the object (not a singleton, which every
      // key reads), only it is read again and only the changes of its key are evaluated again.
      ObjectKey stale = staleObject(e, round.writes());
      if (stale == null) {
        known.forget(round.writes());
      } else {
        known.forget(stale);
      }
      String moved = stale == null ? null : stale.name();
      if (attempt < ROUND_ATTEMPTS) {
        Round again = new Round(failures, cast.revision(), known);
        for (Round.Entry entry : entries) {
          if (moved != null
              && !touches(entry.evaluation(), moved)
              && again.accepts(entry.evaluation())) {
            again.add(entry.plan(), entry.evaluation(), entry.at());
            continue;
          }
          Round joined = join(again, entry.plan(), entry.at(), attempt + 1);
          if (joined != again) {
            // It committed what it held: what the kept evaluations expected may have moved too.
            known.forget(round.writes());
            moved = null;
          }
          again = joined;
        }
        commit(again, attempt + 1);
      } else {
        commitOneByOne(entries);
      }
    } catch (ForbiddenException | InvalidInputException | NotFoundException e) {
      known.forget(round.writes());
      commitOneByOne(entries);
    }
  }

  /**
   * The object {@code conflict} names when the round writes it and it is no singleton; else null.
   */
  private ObjectKey staleObject(ConflictException conflict, List<Write> writes) {
    return conflict
        .object()
        .filter(key -> writes.stream().anyMatch(w -> w.key().equals(key)) && !isSingleton(key))
        .orElse(null);
  }

  /** Whether {@code evaluation} evaluated or wrote key {@code key}. */
  private static boolean touches(Evaluation evaluation, String key) {
    return evaluation.outcomes().stream().anyMatch(o -> o.key().equals(key))
        || evaluation.writes().stream().anyMatch(w -> w.key().name().equals(key));
  }

  private void commitOneByOne(List<Round.Entry> entries) {
    for (Round.Entry entry : entries) {
      commit(() -> entry.plan().apply(known), null, entry.at(), true);
    }
  }

  private void committed(List<Write> targetWrites, CommitResult result) {
    own.committed(targetWrites, result);
    known.committed(targetWrites, result);
  }

  /**
   * A change as the runtime saw it arrive: the object's change since the last state seen, and
   * whether it is exactly one of the cast's own writes coming back.
   */
  private record Seen(SourceChange change, boolean ownWrite, boolean singleton) {
    String key() {
      return change.key().name();
    }

    /** Whether it needs no evaluation: its own write of a key without failing rules. */
    boolean skipped(Map<String, KeyFailure> failing) {
      return ownWrite && !singleton && !failing(failing);
    }

    boolean failing(Map<String, KeyFailure> failing) {
      return failing.values().stream().anyMatch(f -> f.key().equals(key()));
    }
  }

  /** Remembers the object of {@code event} for the next change's diff, and tells its change. */
  private Seen seen(WatchEvent event) {
    StoredObject object = event.object();
    StoredObject previous =
        recent.replace(object.key(), event.type() == EventType.DELETED ? null : object);
    SourceChange change =
        switch (event.type()) {
          case DELETED -> SourceChange.deleted(previous != null ? previous : object);
          case ADDED, MODIFIED ->
              previous != null ? SourceChange.updated(previous, object) : SourceChange.of(object);
        };
    boolean ownWrite = event.type() == EventType.MODIFIED && own.isOwn(previous, object);
    return new Seen(change, ownWrite, isSingleton(object.key()));
  }

  /** How to evaluate what {@code seen} causes on a view, given the failures before it. */
  private Function<ObjectView, Evaluation> planOf(Seen seen, Map<String, KeyFailure> failing) {
    CompiledCast running = cast;
    if (seen.skipped(failing)) {
      return objects -> new Evaluation(name, List.of(), List.of());
    }
    if (seen.failing(failing) && !seen.singleton()) {
      // A key with failing rules is evaluated in full on its next change: a refused batch also
      // dropped writes of rules that this change alone would not run again.
      String key = seen.key();
      return objects -> evaluator.evaluateKey(running, key, objects);
    }
    SourceChange change = seen.change();
    return objects -> evaluator.evaluate(running, change, objects);
  }

  private boolean isSingleton(ObjectKey key) {
    return cast.kindsOf(key.store(), key.kind()).stream().anyMatch(ResolvedKind::singleton);
  }

  /**
   * Evaluates every key with the running revision, then stores that revision with the current
   * position and the failures found.
   */
  private void resync() {
    phase = "syncing";
    recent.clear();
    own.clear();
    known.forget();
    CompiledCast running = cast;
    failures = Map.of();
    for (String key : evaluator.keys(running, view)) {
      commit(() -> evaluator.evaluateKey(running, key, view), null, position, false);
    }
    resyncs++;
    commitState();
  }

  /**
   * Evaluates {@code plan} (unless {@code first} is its evaluation already) and commits its writes,
   * re-evaluating on conflict. With {@code withState} the batch also stores {@code at} as the
   * consumed position (and the failures, when they changed); a change that writes nothing only
   * advances the position in memory.
   */
  private void commit(Supplier<Evaluation> plan, Evaluation first, long at, boolean withState) {
    for (int attempt = 1; ; attempt++) {
      Evaluation evaluation = attempt == 1 && first != null ? first : plan.get();
      Map<String, KeyFailure> next = Failures.after(failures, evaluation, cast.revision(), null);
      List<Write> writes = new ArrayList<>(evaluation.writes());
      boolean failuresChanged = !next.equals(failures);
      if (writes.isEmpty() && !(withState && failuresChanged)) {
        failures = next;
        advance(at, withState);
        return;
      }
      CastState state = new CastState(cast.revision(), at, next);
      if (withState) {
        writes.add(state.writeFrom(name, storedFailures));
      }
      try {
        committed(evaluation.writes(), exchange.commit(new WriteBatch(name, writes)));
        commits++;
        failures = next;
        position = at;
        if (withState) {
          storedFailures = next;
          positionDirty = false;
        }
        return;
      } catch (ConflictException e) {
        if (attempt == MAX_CONFLICTS) {
          throw e;
        }
        known.forget(evaluation.writes());
        // The first retry runs at once on fresh reads: a conflict most often means the watch
        // has not yet delivered a knactor's write of the same object. Backoff starts after it.
        if (attempt > 1) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(attempt - 1, 20)));
        }
      } catch (ForbiddenException | InvalidInputException | NotFoundException e) {
        // The exchange refused these writes (a grant or schema changed under the running spec):
        // the rules that would have written fail for this key, the cast goes on.
        failures = Failures.after(failures, evaluation, cast.revision(), e.getMessage());
        advance(at, withState);
        if (withState) {
          commitState();
        }
        return;
      }
    }
  }

  private void advance(long at, boolean withState) {
    if (withState && at != position) {
      position = at;
      positionDirty = true;
    }
  }

  /** Stores the running revision, the consumed position and the failures. */
  private void commitState() {
    CastState state = new CastState(cast.revision(), position, failures);
    exchange.commit(new WriteBatch(name, List.of(state.writeFrom(name, storedFailures))));
    commits++;
    storedFailures = failures;
    positionDirty = false;
  }

  private void closeWatch() {
    Watch open = watch;
    watch = null;
    if (open != null) {
      open.close();
    }
  }

  /** The stores holding the kinds the cast reads or writes (inputs it never uses are left out). */
  static Set<StoreRef> watchedStores(CompiledCast cast) {
    Set<StoreRef> stores = new LinkedHashSet<>();
    for (ResolvedKind kind : cast.kinds().values()) {
      stores.add(kind.store());
    }
    return stores;
  }
}
