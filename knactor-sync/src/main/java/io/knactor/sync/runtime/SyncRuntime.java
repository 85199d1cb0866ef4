package io.knactor.sync.runtime;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.log.GroupListener;
import io.knactor.core.log.GroupMembership;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionInfo;
import io.knactor.core.log.Retention;
import io.knactor.core.model.StoreRef;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SyncPlan;
import io.knactor.sync.runtime.internal.FoldWriter;
import io.knactor.sync.runtime.internal.Instance;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs a compiled {@link SyncPlan} over a {@link LogExchange}: every partition of every source is
 * owned by one of {@code parallelism} <b>instances</b> (threads), which claim their partitions
 * (fencing earlier owners), restore each partition task's state from the exchange's keyed state of
 * the subscriber {@code sync.NAME}, and commit each batch's outputs, state and offset in one log
 * transaction: exactly-once. Folds go to the {@link ObjectExchange} just before that transaction,
 * guarded by a per-partition offset label (see docs/sync.md).
 *
 * <p>Partitions move between instances while the Sync runs ({@link #setParallelism}, {@link
 * #assign}): both instances run in this process, so the old owner hands the partition over in
 * memory (its claim, task and committed state) as soon as no step of it is in flight: a step not
 * yet committing is dropped and redone by the new owner, one committing is awaited. The move writes
 * and reads nothing; only one instance holds the partition at a time, so nothing is lost or
 * repeated. A partition the old owner no longer holds (fenced by a claim made elsewhere) is claimed
 * for the new owner, fencing every earlier claim, and resumes from its committed state. Control
 * methods are thread-safe and serialized.
 *
 * <p>Several processes share a Sync's partitions when each runs it with {@link #join}: the log
 * exchange's group for the subscriber ({@link LogExchange#join}) decides which process owns which
 * partition and hands a process's partitions to the others when it leaves or dies; each process
 * claims what it gains (fencing the previous owner, dead or alive) and lets go of what it loses.
 */
public final class SyncRuntime implements AutoCloseable {
  private static final int MOVES_KEPT = 1000;

  private final SyncPlan plan;
  private final LogExchange logs;
  private final Options options;
  private final String subscriber;
  private final Map<TaskId, SourcePlan> tasks = new LinkedHashMap<>();
  private final Map<TaskId, FoldWriter> folds = new HashMap<>();
  private final Map<TaskId, Progress> progress = new ConcurrentHashMap<>();
  private final List<Instance> instances = new ArrayList<>();
  private final Deque<Move> moves = new ArrayDeque<>();
  private final boolean grouped;
  private final Set<TaskId> local = new LinkedHashSet<>();
  private GroupMembership membership;
  private final AtomicLong fenced = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastFailure;
  private volatile CommitListener commitListener = (task, instance, nextOffset) -> {};
  private boolean closed;

  /** Told of every round an instance commits for a partition (see {@link #onCommit}). */
  @FunctionalInterface
  public interface CommitListener {
    /**
     * Called on the instance's thread right after its transaction for {@code task} committed.
     *
     * @param instance the instance that committed: after a move, the first call naming the new
     *     owner marks the partition's resumption
     * @param nextOffset the partition's committed offset after the round
     */
    void committed(TaskId task, int instance, long nextOffset);
  }

  /**
   * How instances run.
   *
   * @param maxBatch records per poll of an instance, at most
   * @param pollTimeout how long an idle instance waits for records
   * @param principal the principal object writes (folds) are made as
   * @param wallClock epoch milliseconds, read for idle timeouts (tests pass a clock they move)
   */
  public record Options(
      int maxBatch, Duration pollTimeout, String principal, LongSupplier wallClock) {
    public Options(int maxBatch, Duration pollTimeout, String principal) {
      this(maxBatch, pollTimeout, principal, System::currentTimeMillis);
    }

    public static Options defaults() {
      return new Options(500, Duration.ofMillis(200), "sync");
    }

    public Options withWallClock(LongSupplier clock) {
      return new Options(maxBatch, pollTimeout, principal, clock);
    }
  }

  private static final class Progress {
    final java.util.concurrent.atomic.AtomicInteger owner =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    final AtomicLong committed = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong emitted = new AtomicLong();
  }

  private SyncRuntime(
      SyncPlan plan, LogExchange logs, ObjectExchange objects, Options options, boolean grouped) {
    this.plan = plan;
    this.grouped = grouped;
    this.logs = logs;
    this.options = options;
    this.subscriber = "sync." + plan.name();
    for (int s = 0; s < plan.sources().size(); s++) {
      SourcePlan source = plan.sources().get(s);
      LogStoreInfo info =
          source.upstream() == null
              ? logs.describe(source.source().store())
              : createInternalStore(source);
      if (!info.spec()
          .kind()
          .toLowerCase(Locale.ROOT)
          .equals(source.source().kind().toLowerCase(Locale.ROOT))) {
        throw new InvalidInputException(
            "sync "
                + plan.name()
                + " reads "
                + source.source()
                + " but log store "
                + source.source().store()
                + " holds kind "
                + info.spec().kind(),
            "flows.from");
      }
      for (int p = 0; p < info.spec().partitions(); p++) {
        TaskId id = new TaskId(source.source(), p);
        tasks.put(id, source);
        Progress pr = new Progress();
        pr.committed.set(
            logs.committedOffsets(subscriber, id.source().store()).getOrDefault(p, 0L));
        progress.put(id, pr);
        if (objects != null) {
          folds.put(id, new FoldWriter(objects, options.principal(), subscriber + "." + s));
        }
      }
    }
  }

  /**
   * Creates (or finds) the internal store of a repartition step: as many partitions as its upstream
   * source, records dropped once this Sync has read them (where the exchange applies retention).
   */
  private LogStoreInfo createInternalStore(SourcePlan source) {
    int partitions = logs.describe(source.upstream().store()).spec().partitions();
    return logs.createStore(
        new LogStoreSpec(
            source.source().store(),
            source.source().kind(),
            partitions,
            Retention.forever().withConsumedBy(Set.of(subscriber))));
  }

  /**
   * Starts {@code plan} with {@code parallelism} instances, partitions dealt round-robin.
   *
   * @param objects where FOLD flows write; may be null when the plan has none
   */
  public static SyncRuntime start(
      SyncPlan plan, LogExchange logs, ObjectExchange objects, int parallelism, Options options) {
    SyncRuntime runtime = new SyncRuntime(plan, logs, objects, options, false);
    runtime.local.addAll(runtime.tasks.keySet());
    runtime.setParallelism(parallelism);
    return runtime;
  }

  /**
   * Starts {@code plan} with {@code parallelism} instances as one member of the group of every
   * process that joins the same Sync over the same log exchange ({@link LogExchange#join} with the
   * subscriber {@code sync.NAME} over the sources' stores). The runtime runs only the partitions
   * the group gives it, dealt to its least busy instance, and takes over those of members that
   * leave or die; each instance commits one transaction per partition, so each is fenced by its own
   * claim (see docs/sync.md). On the embedded exchange (one process) the group is this runtime
   * alone: it runs every partition.
   *
   * @param objects where FOLD flows write; may be null when the plan has none
   */
  public static SyncRuntime join(
      SyncPlan plan, LogExchange logs, ObjectExchange objects, int parallelism, Options options) {
    SyncRuntime runtime = new SyncRuntime(plan, logs, objects, options, true);
    runtime.setParallelism(parallelism);
    Set<StoreRef> stores = new LinkedHashSet<>();
    runtime.tasks.keySet().forEach(task -> stores.add(task.source().store()));
    try {
      GroupMembership membership = logs.join(runtime.subscriber, stores, runtime.new Member());
      synchronized (runtime) {
        runtime.membership = membership;
      }
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  /** Takes and lets go of the partitions the group gives and takes away. */
  private final class Member implements GroupListener {
    @Override
    public void assigned(StoreRef store, Set<Integer> partitions) {
      synchronized (SyncRuntime.this) {
        for (TaskId task : tasksOf(store, partitions)) {
          local.add(task);
          try {
            assign(task, leastBusyInstance());
          } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastFailure = "taking " + task + " from the group failed: " + e.getMessage();
          }
        }
      }
    }

    @Override
    public void revoked(StoreRef store, Set<Integer> partitions) {
      synchronized (SyncRuntime.this) {
        for (TaskId task : tasksOf(store, partitions)) {
          local.remove(task);
          unassign(task);
        }
      }
    }
  }

  private List<TaskId> tasksOf(StoreRef store, Set<Integer> partitions) {
    return tasks.keySet().stream()
        .filter(t -> t.source().store().equals(store) && partitions.contains(t.partition()))
        .toList();
  }

  private int leastBusyInstance() {
    int[] load = new int[instances.size()];
    for (TaskId task : local) {
      int owner = progress.get(task).owner.get();
      if (owner >= 0 && owner < load.length) {
        load[owner]++;
      }
    }
    int best = 0;
    for (int i = 1; i < load.length; i++) {
      if (load[i] < load[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Lets go of {@code task} after its owner's round in flight; it is then owned by nobody here. */
  private void unassign(TaskId task) {
    Progress p = progress.get(task);
    int from = p.owner.getAndSet(-1);
    if (from >= 0 && from < instances.size()) {
      awaitDone(instances.get(from).release(task));
    }
  }

  /**
   * Calls {@code listener} after every committed round of a partition, on the committing instance's
   * thread (so it must be quick); replaces the previous listener. For measurements, such as the
   * pause of a partition's output when it moves (docs/benchmarks.md).
   */
  public void onCommit(CommitListener listener) {
    this.commitListener = Objects.requireNonNull(listener, "listener");
  }

  public static SyncRuntime start(SyncPlan plan, LogExchange logs, int parallelism) {
    return start(plan, logs, null, parallelism, Options.defaults());
  }

  /** The subscriber whose claims, offsets and keyed state the runtime uses: {@code sync.NAME}. */
  public String subscriber() {
    return subscriber;
  }

  public SyncPlan plan() {
    return plan;
  }

  /** Every partition of every source, in order. */
  public List<TaskId> tasks() {
    return List.copyOf(tasks.keySet());
  }

  public synchronized int parallelism() {
    return instances.size();
  }

  /**
   * Runs {@code n} instances and deals the partitions round-robin over them (after {@link #join}:
   * the partitions this member holds), moving only the partitions whose owner changes; removed
   * instances stop once they own nothing.
   */
  public synchronized void setParallelism(int n) {
    requireOpen();
    if (n < 1 || (!grouped && n > tasks.size())) {
      throw new InvalidInputException(
          "parallelism must be between 1 and " + tasks.size() + " (the partitions), got " + n,
          "parallelism");
    }
    while (instances.size() < n) {
      int index = instances.size();
      Instance instance =
          new Instance(
              index,
              logs,
              subscriber,
              tasks::get,
              folds::get,
              new Instance.Listener() {
                @Override
                public void committed(TaskId task, long nextOffset, int records, int emitted) {
                  Progress p = progress.get(task);
                  p.committed.accumulateAndGet(nextOffset, Math::max);
                  p.records.addAndGet(records);
                  p.emitted.addAndGet(emitted);
                  commitListener.committed(task, index, nextOffset);
                }

                @Override
                public void fenced(TaskId task, int instance) {
                  // A partition being moved away is fenced on purpose; only count the others.
                  if (progress.get(task).owner.compareAndSet(instance, -1)) {
                    fenced.incrementAndGet();
                  }
                }

                @Override
                public void failed(int instance, RuntimeException error) {
                  // The message first: whoever sees the count sees its failure.
                  lastFailure = "instance " + instance + ": " + error.getMessage();
                  failures.incrementAndGet();
                }
              },
              options.maxBatch(),
              options.pollTimeout(),
              options.wallClock(),
              grouped);
      instance.start();
      instances.add(instance);
    }
    // Every move is asked for first, so the old owners let their partitions go together.
    List<Pending> pending = new ArrayList<>();
    int i = 0;
    for (TaskId task : List.copyOf(local)) {
      Pending m = begin(task, i++ % n);
      if (m != null) {
        pending.add(m);
      }
    }
    RuntimeException failed = null;
    for (Pending m : pending) {
      try {
        finish(m);
      } catch (RuntimeException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
    while (instances.size() > n) {
      instances.remove(instances.size() - 1).stop();
    }
  }

  /** Moves one partition of the plan's only source to {@code instance}. */
  public void assign(int partition, int instance) {
    if (plan.sources().size() != 1) {
      throw new InvalidInputException(
          "the sync reads " + plan.sources().size() + " sources: name the source", "source");
    }
    assign(new TaskId(plan.sources().get(0).source(), partition), instance);
  }

  /**
   * Moves {@code task} to {@code instance} (an index below the parallelism) and returns the move,
   * or null when it is there already. Returns once the new owner holds it.
   */
  public synchronized Move assign(TaskId task, int instance) {
    requireOpen();
    Progress p = progress.get(task);
    if (p == null) {
      throw new InvalidInputException(
          "no partition " + task + " in sync " + plan.name(), "partition");
    }
    if (!local.contains(task)) {
      throw new InvalidInputException(
          "partition "
              + task
              + " of sync "
              + plan.name()
              + " belongs to another member of its group",
          "partition");
    }
    if (instance < 0 || instance >= instances.size()) {
      throw new InvalidInputException(
          "instance must be between 0 and " + (instances.size() - 1) + ", got " + instance,
          "instance");
    }
    Pending pending = begin(task, instance);
    return pending == null ? null : finish(pending);
  }

  /** A move asked of the old owner, not yet known to be done. */
  private record Pending(
      TaskId task, int from, int to, long started, CompletableFuture<Boolean> handed) {}

  /**
   * Starts moving {@code task} to {@code instance}; null when it is there already. Both owners run
   * here: the old one hands the task over in memory, claim and state included, once no step of it
   * is in flight.
   */
  private Pending begin(TaskId task, int instance) {
    Progress p = progress.get(task);
    int from = p.owner.get();
    if (from == instance) {
      return null;
    }
    long started = System.nanoTime();
    p.owner.set(instance);
    CompletableFuture<Boolean> handed =
        from >= 0
            ? instances.get(from).handOver(task, instances.get(instance))
            : CompletableFuture.completedFuture(false);
    return new Pending(task, from, instance, started, handed);
  }

  /**
   * Waits until the new owner holds the task; claims it for the new owner when the old one no
   * longer held it (it was fenced, or had no owner).
   */
  private Move finish(Pending m) {
    if (!awaitDone(m.handed())) {
      try {
        awaitDone(instances.get(m.to()).acquire(m.task()));
      } catch (RuntimeException e) {
        progress.get(m.task()).owner.set(-1);
        throw e;
      }
    }
    Move move =
        new Move(m.task(), m.from(), m.to(), Duration.ofNanos(System.nanoTime() - m.started()));
    if (m.from() >= 0) {
      moves.addLast(move);
      if (moves.size() > MOVES_KEPT) {
        moves.removeFirst();
      }
    }
    return move;
  }

  /** Owners, offsets, lag and counts per partition, and the moves so far. */
  public synchronized RuntimeStatus status() {
    List<PartitionStatus> partitions = new ArrayList<>();
    Map<io.knactor.core.model.StoreRef, LogStoreInfo> infos = new HashMap<>();
    for (TaskId task : tasks.keySet()) {
      LogStoreInfo info = infos.computeIfAbsent(task.source().store(), logs::describe);
      PartitionInfo part = info.partition(task.partition());
      Progress p = progress.get(task);
      partitions.add(
          new PartitionStatus(
              task,
              p.owner.get(),
              p.committed.get(),
              part.endOffset(),
              p.records.get(),
              p.emitted.get()));
    }
    return new RuntimeStatus(
        plan.name(),
        plan.revision(),
        instances.size(),
        partitions,
        List.copyOf(moves),
        fenced.get(),
        failures.get(),
        lastFailure);
  }

  /**
   * Leaves the group (after {@link #join}; its partitions go to the other members) and stops every
   * instance after its step in flight; everything committed stays. Idempotent.
   */
  @Override
  public void close() {
    GroupMembership leaving;
    synchronized (this) {
      leaving = membership;
      membership = null;
    }
    // Outside the lock: leaving calls back into revoked(), on the membership's thread.
    if (leaving != null) {
      leaving.close();
    }
    stop();
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    instances.forEach(Instance::stop);
    instances.clear();
    progress.values().forEach(p -> p.owner.set(-1));
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("sync runtime " + plan.name() + " is closed");
    }
  }

  private static <T> T awaitDone(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
