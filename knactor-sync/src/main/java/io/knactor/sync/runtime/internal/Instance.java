package io.knactor.sync.runtime.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogTransaction;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.PartitionTask;
import io.knactor.sync.exec.SourceRecord;
import io.knactor.sync.exec.Step;
import io.knactor.sync.exec.WatermarkMarker;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.runtime.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One instance of a running Sync: a thread owning some partitions. Per round it polls its
 * partitions, runs each partition's batch through its task and commits every partition's emissions,
 * state changes and offset in one log transaction (folds into objects just before), so a round
 * costs one durable write; or, with {@code transactionPerPartition}, one transaction per partition,
 * so that each is fenced by its own claim wherever the backend fences only one claim per
 * transaction against other processes (Kafka: docs/backends.md). Partitions are acquired and
 * released only between rounds, so a released partition has no step in flight; a partition {@link
 * #handOver handed over} to another instance goes as soon as no step of it is in flight, which may
 * be while this instance's transaction for its other partitions is still committing.
 */
public final class Instance implements Runnable {
  private static final Logger LOG = Logger.getLogger(Instance.class.getName());
  private static final int MAX_APPEND = 10_000;

  /** What the instance reports to its runtime. */
  public interface Listener {
    void committed(TaskId task, long nextOffset, int records, int emitted);

    void fenced(TaskId task, int instance);

    /** A round failed and will be retried (the exchange refused or could not take it). */
    void failed(int instance, RuntimeException error);
  }

  private final int index;
  private final LogExchange logs;
  private final String subscriber;
  private final Function<TaskId, SourcePlan> plans;
  private final Function<TaskId, FoldWriter> folds;
  private final Listener listener;
  private final int maxBatch;
  private final Duration pollTimeout;
  private final LongSupplier wallClock;
  private final boolean transactionPerPartition;
  private final ConcurrentLinkedQueue<Runnable> control = new ConcurrentLinkedQueue<>();
  private final Map<TaskId, Owned> owned = new TreeMap<>(Instance::compare);
  // Partitions asked to go: left out of the next commit, which their new owner's claim would fence.
  private final Set<TaskId> releasing = ConcurrentHashMap.newKeySet();
  // Partitions asked to go to another instance of this process, with the request's future.
  private final Map<TaskId, HandOff> handing = new ConcurrentHashMap<>();
  private final Map<StoreRef, Integer> partitions = new HashMap<>();
  private final Thread thread;
  private final Object pollLock = new Object();
  private boolean polling;
  private volatile boolean running = true;

  private record Owned(PartitionClaim claim, PartitionTask task, LogStateStore state) {}

  private record HandOff(Instance to, CompletableFuture<Boolean> taken) {}

  public Instance(
      int index,
      LogExchange logs,
      String subscriber,
      Function<TaskId, SourcePlan> plans,
      Function<TaskId, FoldWriter> folds,
      Listener listener,
      int maxBatch,
      Duration pollTimeout,
      LongSupplier wallClock,
      boolean transactionPerPartition) {
    this.index = index;
    this.logs = logs;
    this.subscriber = subscriber;
    this.plans = plans;
    this.folds = folds;
    this.listener = listener;
    this.maxBatch = maxBatch;
    this.pollTimeout = pollTimeout;
    this.wallClock = wallClock;
    this.transactionPerPartition = transactionPerPartition;
    this.thread = new Thread(this, subscriber + "-instance-" + index);
    thread.setDaemon(true);
  }

  public int index() {
    return index;
  }

  public void start() {
    thread.start();
  }

  /**
   * Claims {@code task} (a new epoch, fencing every earlier owner) and opens it over its committed
   * state, on the calling thread; returns when that is done, with a future that completes once this
   * instance has taken the task into its rounds.
   */
  public CompletableFuture<Void> acquire(TaskId task) {
    PartitionClaim claim =
        logs.claim(subscriber, task.source().store(), Set.of(task.partition())).get(0);
    LogStateStore state = LogStateStore.load(logs, subscriber, task);
    Owned o =
        new Owned(
            claim,
            PartitionTask.open(plans.apply(task), task.partition(), state, wallClock),
            state);
    return submit(() -> owned.put(task, o));
  }

  /**
   * Stops processing {@code task} after the step in flight; completes once it is let go. A round
   * that has not committed yet leaves the task out (its next owner redoes those records), so the
   * new owner's claim does not refuse the round's transaction for the others.
   */
  public CompletableFuture<Void> release(TaskId task) {
    releasing.add(task);
    return submit(
        () -> {
          owned.remove(task);
          releasing.remove(task);
        });
  }

  /**
   * Gives {@code task} to {@code to}, an instance of the same runtime, as it is in memory: its
   * claim, its task and its committed state, so the new owner neither claims nor reads anything.
   * This instance lets it go as soon as no step of it is in flight (a step not yet committing is
   * dropped and redone by {@code to}; one committing is awaited). Nothing can be lost or repeated,
   * since from then on only {@code to} holds the task, and a fence by a claim made elsewhere still
   * refuses {@code to}'s transactions as it would have refused this instance's.
   *
   * <p>Both instances must be running (the runtime stops an instance only once it owns nothing).
   *
   * @return completes with true once {@code to} has taken the task into its rounds, false when this
   *     instance no longer held it (fenced, or stopped): the caller must then claim it for {@code
   *     to}
   */
  public CompletableFuture<Boolean> handOver(TaskId task, Instance to) {
    CompletableFuture<Boolean> taken = new CompletableFuture<>();
    releasing.add(task);
    handing.put(task, new HandOff(to, taken));
    wake();
    LockSupport.unpark(thread);
    return taken;
  }

  /** Hands over every task asked for whose step is not in {@code committing}. */
  private void handOverIdle(Set<TaskId> committing) {
    for (TaskId task : handing.keySet()) {
      if (committing.contains(task)) {
        continue;
      }
      HandOff handOff = handing.remove(task);
      if (handOff == null) {
        continue;
      }
      Owned o = owned.remove(task);
      releasing.remove(task);
      if (o == null) {
        handOff.taken().complete(false);
      } else {
        handOff
            .to()
            .submit(() -> handOff.to().owned.put(task, o))
            .whenComplete((done, error) -> handOff.taken().complete(error == null));
      }
    }
  }

  /** Stops the thread after the step in flight and waits for it. */
  public void stop() {
    running = false;
    wake();
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<Void> submit(Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    control.add(
        () -> {
          try {
            action.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    wake();
    LockSupport.unpark(thread);
    return done;
  }

  /** Interrupts a poll in progress (only a poll: never a commit) so control runs at once. */
  private void wake() {
    synchronized (pollLock) {
      if (polling) {
        thread.interrupt();
      }
    }
  }

  @Override
  public void run() {
    while (running) {
      for (Runnable action; (action = control.poll()) != null; ) {
        action.run();
      }
      handOverIdle(Set.of());
      if (!running) {
        break;
      }
      if (owned.isEmpty()) {
        LockSupport.parkNanos(pollTimeout.toNanos());
        continue;
      }
      try {
        round();
      } catch (UnavailableException e) {
        if (running) {
          LOG.log(Level.WARNING, "instance " + index + ": log exchange unavailable", e);
          LockSupport.parkNanos(pollTimeout.toNanos());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "instance " + index + ": round failed; retrying", e);
        listener.failed(index, e);
        LockSupport.parkNanos(pollTimeout.toNanos());
      }
    }
  }

  private void round() {
    Map<StoreRef, Map<Integer, Long>> from = new LinkedHashMap<>();
    owned.forEach(
        (task, o) ->
            from.computeIfAbsent(task.source().store(), s -> new TreeMap<>())
                .put(task.partition(), o.task().committedOffset()));
    Duration timeout = from.size() == 1 ? pollTimeout : Duration.ofMillis(1);
    Map<TaskId, List<SourceRecord>> batches = new LinkedHashMap<>();
    for (Map.Entry<StoreRef, Map<Integer, Long>> store : from.entrySet()) {
      List<StoredRecord> records = poll(store.getKey(), store.getValue(), timeout);
      if (records == null) {
        return;
      }
      for (StoredRecord r : records) {
        TaskId id = new TaskId(sourceOf(store.getKey()), r.partition());
        batches
            .computeIfAbsent(id, p -> new ArrayList<>())
            .add(
                new SourceRecord(
                    r.offset(), new SyncRecord(r.key(), r.timestamp().toEpochMilli(), r.value())));
      }
    }
    owned.keySet().forEach(id -> batches.putIfAbsent(id, List.of()));
    if (transactionPerPartition) {
      batches.forEach((id, batch) -> commitTogether(Map.of(id, batch)));
    } else if (!commitTogether(batches)) {
      // One of the partitions was fenced: commit them one by one to find which.
      batches.forEach((id, batch) -> commitTogether(Map.of(id, batch)));
    }
  }

  private io.knactor.sync.plan.SourceStream sourceOf(StoreRef store) {
    return owned.keySet().stream()
        .filter(t -> t.source().store().equals(store))
        .findFirst()
        .orElseThrow()
        .source();
  }

  private record Pending(TaskId id, Owned owned, Step step) {}

  /**
   * Runs each batch through its task and commits every resulting step in one log transaction (one
   * durable write per round, however many partitions). Returns false when the transaction was
   * fenced and held several partitions; a lone fenced partition is let go.
   */
  private boolean commitTogether(Map<TaskId, List<SourceRecord>> batches) {
    List<Pending> steps = new ArrayList<>();
    for (Map.Entry<TaskId, List<SourceRecord>> batch : batches.entrySet()) {
      Owned o = owned.get(batch.getKey());
      if (o == null || releasing.contains(batch.getKey())) {
        continue;
      }
      // A partition without records this round may be idle: its step commits like the others.
      Step step =
          batch.getValue().isEmpty()
              ? o.task().idle().orElse(null)
              : o.task().process(batch.getValue());
      if (step == null) {
        continue;
      }
      if (step.processed() == 0 && step.emissions().isEmpty() && step.changes().isEmpty()) {
        o.task().commit(step);
      } else {
        steps.add(new Pending(batch.getKey(), o, step));
      }
    }
    // Checked again just before committing: a release asked for meanwhile drops its step.
    steps.removeIf(
        p -> {
          boolean going = releasing.contains(p.id());
          if (going) {
            p.owned().task().abort(p.step());
          }
          return going;
        });
    // The partitions going elsewhere with no step in this transaction need not wait for its commit.
    handOverIdle(steps.stream().map(Pending::id).collect(Collectors.toSet()));
    if (steps.isEmpty()) {
      return true;
    }
    try {
      int[] folded = new int[steps.size()];
      LogTransaction tx = logs.transaction();
      for (int i = 0; i < steps.size(); i++) {
        Pending p = steps.get(i);
        FoldWriter fold = folds.apply(p.id());
        folded[i] = fold == null ? 0 : fold.apply(p.step());
        p.owned().state().write(tx, subscriber, p.step().changes());
        tx.commitOffset(p.owned().claim(), p.step().nextOffset());
      }
      int[] appended = appendEmissions(tx, steps);
      tx.commit();
      for (int i = 0; i < steps.size(); i++) {
        Pending p = steps.get(i);
        p.owned().task().commit(p.step());
        listener.committed(
            p.id(), p.step().nextOffset(), p.step().processed(), appended[i] + folded[i]);
      }
      return true;
    } catch (ConflictException e) {
      steps.forEach(p -> p.owned().task().abort(p.step()));
      if (steps.size() > 1) {
        return false;
      }
      // Another owner claimed the partition since: this instance is a zombie for it.
      owned.remove(steps.get(0).id());
      listener.fenced(steps.get(0).id(), index);
      return true;
    } catch (RuntimeException e) {
      steps.forEach(p -> p.owned().task().abort(p.step()));
      throw e;
    }
  }

  /** Polls unless control or a hand-over is waiting; null when interrupted for them. */
  private List<StoredRecord> poll(StoreRef store, Map<Integer, Long> from, Duration timeout) {
    synchronized (pollLock) {
      if (!control.isEmpty() || !handing.isEmpty() || !running) {
        return null;
      }
      polling = true;
    }
    try {
      return logs.poll(store, from, maxBatch, timeout);
    } catch (InterruptedException e) {
      return null;
    } finally {
      synchronized (pollLock) {
        polling = false;
        Thread.interrupted();
      }
    }
  }

  /**
   * Adds every step's log emissions to {@code tx}, a watermark marker once per partition of its
   * store; returns how many records (markers not counted) each step appended.
   */
  private int[] appendEmissions(LogTransaction tx, List<Pending> steps) {
    Map<StoreRef, List<LogRecord>> byStore = new LinkedHashMap<>();
    int[] counts = new int[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      for (Emission emission : steps.get(i).step().emissions()) {
        if (emission.destination().mode() == Destination.Mode.FOLD) {
          continue;
        }
        SyncRecord r = emission.record();
        List<LogRecord> out =
            byStore.computeIfAbsent(emission.destination().store(), s -> new ArrayList<>());
        if (emission.destination().mode() == Destination.Mode.WATERMARK) {
          int n = partitions.computeIfAbsent(emission.destination().store(), this::partitionsOf);
          ObjectNode marker = WatermarkMarker.forPartitions(r.value(), n);
          for (int p = 0; p < n; p++) {
            out.add(
                new LogRecord(
                    WatermarkMarker.keyFor(p, n), Instant.ofEpochMilli(r.time()), marker));
          }
          continue;
        }
        out.add(new LogRecord(r.key(), Instant.ofEpochMilli(r.time()), r.value()));
        counts[i]++;
      }
    }
    byStore.forEach(
        (store, records) -> {
          for (int i = 0; i < records.size(); i += MAX_APPEND) {
            tx.append(store, records.subList(i, Math.min(records.size(), i + MAX_APPEND)));
          }
        });
    return counts;
  }

  private int partitionsOf(StoreRef store) {
    return logs.describe(store).spec().partitions();
  }

  private static int compare(TaskId a, TaskId b) {
    int byStore = a.source().toString().compareTo(b.source().toString());
    return byStore != 0 ? byStore : Integer.compare(a.partition(), b.partition());
  }
}
