package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The object exchange's writer with group commit, driven by a {@link GroupCommitLoop}: a committer
 * that finds no group in progress writes its own group on its own thread; others queue meanwhile
 * and the next leader writes them as one group. Each batch is validated against the state as of the
 * groups before it plus the batches accepted before it in the same group (a failing batch fails
 * alone), gets consecutive versions, and the whole group is written as one RocksDB WriteBatch (one
 * WAL fsync for all callers); then the events go into the watch hub's ring, the hub wakes parked
 * watchers (itself for a few watches, else through its dispatcher) and the callers are completed.
 * Validation reads the writer's {@link ObjectIndex}, not RocksDB, for keys written recently. Change
 * log trimming rides in the same WriteBatch.
 *
 * <p>Two stages, so that a group's WAL sync overlaps the next group's preparation. Preparing
 * (validation, versions, the WriteBatch, the index) runs under the loop's lead, one group at a
 * time. Writing (RocksDB, the bounds, the ring, completion) runs under the write turn, also one
 * group at a time and in the order the groups were prepared: a leader takes the turn before it
 * passes the lead. A group is prepared on the state its predecessors staged, so when a write fails
 * every group prepared before the failure was seen fails too, unwritten, and the next preparation
 * starts again from what RocksDB holds.
 *
 * <p>{@link #submit} and {@link #trim} are thread-safe and return once the request is handled.
 */
public final class CommitWriter implements GroupCommitLoop.Handler<CommitWriter.Request> {
  private static final int MAX_GROUP = 512;

  /** Caps the memory of one group's WriteBatch (each document is written three times). */
  private static final long MAX_GROUP_BYTES = 32L * 1024 * 1024;

  /** How long a leader waits for the write turn before it looks for requests to take in. */
  private static final long ABSORB_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  /** A request to the writer. */
  public sealed interface Request permits Commit, Trim {}

  private record Commit(PreparedBatch batch, CompletableFuture<CommitResult> done)
      implements Request {}

  private record Trim(long through, CompletableFuture<Void> done) implements Request {}

  /** A group ready to write: its accepted commits, their effects and its WriteBatch. */
  private record Prepared(
      List<Commit> commits,
      List<List<BatchApplier.Effect>> effects,
      WriteBatch batch,
      long first,
      long last,
      int failuresSeen) {}

  private final GroupCommitLoop<Request> loop = new GroupCommitLoop<>(MAX_GROUP, this);
  private final RocksStore store;
  private final LogBounds bounds;
  private final WatchHub hub;
  private final BatchApplier applier;
  private final ObjectIndex index;
  private final long retention;
  private final long trimSlack;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong groups = new AtomicLong();
  // Held while writing; taken by a leader before it passes the lead, so writes keep their order.
  private final ReentrantLock writeTurn = new ReentrantLock();
  // Write failures so far, and whether the index may hold state that will never be written.
  private final AtomicInteger writeFailures = new AtomicInteger();
  private volatile boolean indexStale;
  // The leader's: the last version staged, and the write failures it has started again after.
  private long staged;
  private int failuresSeen;

  /**
   * @param indexBytes how much memory the writer's index of committed objects may use
   */
  public CommitWriter(
      RocksStore store,
      LogBounds bounds,
      WatchHub hub,
      long retention,
      int historyLimit,
      long indexBytes) {
    this.store = store;
    this.bounds = bounds;
    this.hub = hub;
    this.applier = new BatchApplier(historyLimit);
    this.index = new ObjectIndex(store, bounds::committed, indexBytes);
    this.retention = retention;
    this.trimSlack = Math.max(1, Math.min(retention / 10, 10_000));
    this.staged = bounds.committed();
  }

  public CompletableFuture<CommitResult> submit(PreparedBatch batch) {
    CompletableFuture<CommitResult> done = new CompletableFuture<>();
    loop.submit(new Commit(batch, done));
    return done;
  }

  /** Drops the change log up to and including {@code through} (at most the committed version). */
  public CompletableFuture<Void> trim(long through) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.submit(new Trim(through, done));
    return done;
  }

  /** Batches committed so far. */
  public long batchesCommitted() {
    return batches.get();
  }

  /** RocksDB writes (so WAL syncs) made for commit groups so far. */
  public long groupsWritten() {
    return groups.get();
  }

  @Override
  public void handle(List<Request> group, GroupCommitLoop.Lead<Request> lead) {
    List<Object> steps = new ArrayList<>();
    Draft draft = null;
    try {
      startAgainAfterFailure();
      List<Request> requests = group;
      // While an earlier group is being written, requests that queue meanwhile join this one: the
      // callers it acknowledges resubmit during its write, and would wait for the next group.
      while (true) {
        for (Request request : requests) {
          if (request instanceof Commit commit) {
            if (draft != null && draft.bytes + commit.batch().bytes() > MAX_GROUP_BYTES) {
              draft.finish(steps);
              draft = null;
            }
            if (draft == null) {
              draft = new Draft();
            }
            draft.add(commit);
          } else {
            if (draft != null) {
              draft.finish(steps);
              draft = null;
            }
            steps.add(request);
          }
        }
        if (awaitWriteTurn()) {
          break;
        }
        requests = lead.more();
      }
    } catch (RuntimeException | Error e) {
      // The index may hold effects of groups that will not be written.
      indexStale = true;
      steps.forEach(CommitWriter::release);
      throw e;
    }
    try {
      if (draft != null) {
        draft.finish(steps);
      }
      lead.pass();
      for (Object step : steps) {
        if (step instanceof Prepared prepared) {
          write(prepared);
        } else {
          trim((Trim) step);
        }
      }
    } finally {
      writeTurn.unlock();
    }
  }

  /**
   * Takes the write turn if it comes within {@link #ABSORB_NANOS}; false otherwise. An interrupt
   * does not stop the group: the turn is then awaited without a limit and the interrupt kept.
   */
  private boolean awaitWriteTurn() {
    try {
      return writeTurn.tryLock(ABSORB_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      writeTurn.lock();
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * After a failed write (or preparation), waits for the writes in flight, which fail too, then
   * forgets the index and takes the versions up again from what RocksDB holds.
   */
  private void startAgainAfterFailure() {
    if (!indexStale && writeFailures.get() == failuresSeen) {
      return;
    }
    writeTurn.lock();
    try {
      indexStale = false;
      failuresSeen = writeFailures.get();
      index.clear();
      staged = bounds.committed();
    } finally {
      writeTurn.unlock();
    }
  }

  /** A group being prepared: the batches accepted so far, validated on what was staged before. */
  private final class Draft {
    private final GroupState state = new GroupState(index, staged + 1);
    private final Instant time = Instant.now();
    private final List<Commit> accepted = new ArrayList<>();
    private final List<List<BatchApplier.Effect>> effects = new ArrayList<>();
    private long bytes;

    /** Validates one commit on the draft; a refused one fails alone. */
    void add(Commit commit) {
      bytes += commit.batch().bytes();
      try {
        effects.add(applier.apply(commit.batch(), state, time));
        state.accept();
        accepted.add(commit);
      } catch (RuntimeException e) {
        state.reject();
        commit.done().completeExceptionally(e);
      }
    }

    /** Builds the group's WriteBatch and stages its effects; adds it to steps unless empty. */
    void finish(List<Object> steps) {
      if (accepted.isEmpty()) {
        return;
      }
      long last = state.lastVersion();
      WriteBatch batch = new WriteBatch();
      try {
        for (List<BatchApplier.Effect> batchEffects : effects) {
          for (BatchApplier.Effect effect : batchEffects) {
            stage(batch, effect);
          }
        }
        batch.put(store.meta(), RocksStore.META_VERSION, Keys.version(last));
      } catch (RocksDBException | RuntimeException e) {
        batch.close();
        failAll(accepted, e);
        return;
      }
      state.prepared();
      staged = last;
      steps.add(new Prepared(accepted, effects, batch, state.firstVersion(), last, failuresSeen));
    }
  }

  /** Writes a prepared group, unless a write failed since it was prepared; the write turn's. */
  private void write(Prepared prepared) {
    try (WriteBatch batch = prepared.batch()) {
      if (writeFailures.get() != prepared.failuresSeen()) {
        prepared
            .commits()
            .forEach(
                commit ->
                    commit
                        .done()
                        .completeExceptionally(
                            new UnavailableException(
                                "could not write to object exchange at "
                                    + store.dir()
                                    + ": an earlier write failed; retry")));
        return;
      }
      long first = bounds.firstRetained();
      long last = prepared.last();
      long newFirst = last - first + 1 > retention + trimSlack ? last - retention + 1 : first;
      try {
        stageTrim(batch, first, newFirst);
        store.write(batch);
      } catch (RocksDBException | RuntimeException e) {
        writeFailures.incrementAndGet();
        failAll(prepared.commits(), e);
        return;
      }
      bounds.committed(last);
      bounds.firstRetained(newFirst);
    }
    batches.addAndGet(prepared.commits().size());
    groups.incrementAndGet();
    publish(prepared);
  }

  private void failAll(List<Commit> commits, Exception e) {
    UnavailableException failure =
        new UnavailableException(
            "could not write to object exchange at " + store.dir() + ": " + e.getMessage(), e);
    commits.forEach(commit -> commit.done().completeExceptionally(failure));
  }

  private static void release(Object step) {
    if (step instanceof Prepared prepared) {
      prepared.batch().close();
    }
  }

  private void publish(Prepared prepared) {
    int changes = (int) (prepared.last() - prepared.first() + 1);
    List<WatchEvent> events = new ArrayList<>(changes);
    int[] sizes = new int[changes];
    List<CommitResult> results = new ArrayList<>(prepared.commits().size());
    for (List<BatchApplier.Effect> batchEffects : prepared.effects()) {
      List<StoredObject> objects = new ArrayList<>(batchEffects.size());
      for (BatchApplier.Effect effect : batchEffects) {
        WatchEvent event = effect.change().event();
        sizes[events.size()] = effect.change().dataBytes().length;
        events.add(event);
        objects.add(event.object());
      }
      results.add(new CommitResult(objects));
    }
    // Publishing only fills the shared ring; a few parked watchers are woken by this thread, many
    // by the hub's dispatcher. Completing a future wakes no one: the loop wakes the followers
    // once the group is done, after the watchers.
    hub.publish(events, sizes);
    hub.wakeWatchers();
    complete(prepared.commits(), results);
  }

  private static void complete(List<Commit> accepted, List<CommitResult> results) {
    for (int i = 0; i < accepted.size(); i++) {
      accepted.get(i).done().complete(results.get(i));
    }
  }

  private void stage(WriteBatch batch, BatchApplier.Effect effect) throws RocksDBException {
    Change change = effect.change();
    byte[] key = change.keyBytes();
    if (change.type() == EventType.DELETED) {
      batch.delete(store.objects(), key);
    } else {
      batch.put(
          store.objects(),
          key,
          Codec.encodeCurrent(change.version(), change.labels(), change.dataBytes()));
    }
    byte[] encoded = Codec.encodeChange(change);
    batch.put(store.changes(), Keys.version(change.version()), encoded);
    batch.put(store.history(), Keys.history(key, change.version()), encoded);
    for (long dropped : effect.droppedHistory()) {
      batch.delete(store.history(), Keys.history(key, dropped));
    }
  }

  private void stageTrim(WriteBatch batch, long first, long newFirst) throws RocksDBException {
    if (newFirst > first) {
      batch.deleteRange(store.changes(), Keys.version(first), Keys.version(newFirst));
      batch.put(store.meta(), RocksStore.META_FIRST_RETAINED, Keys.version(newFirst));
    }
  }

  private void trim(Trim trim) {
    long first = bounds.firstRetained();
    long newFirst = Math.min(trim.through(), bounds.committed()) + 1;
    try (WriteBatch batch = new WriteBatch()) {
      stageTrim(batch, first, newFirst);
      if (newFirst > first) {
        store.write(batch);
        bounds.firstRetained(newFirst);
      }
      trim.done().complete(null);
    } catch (RocksDBException | RuntimeException e) {
      trim.done()
          .completeExceptionally(
              new UnavailableException(
                  "could not trim the change log of " + store.dir() + ": " + e.getMessage(), e));
    }
  }

  @Override
  public void abandon(Request request, Throwable cause) {
    UnavailableException failure =
        new UnavailableException(
            "could not write to object exchange at " + store.dir() + ": " + cause, cause);
    if (request instanceof Commit commit) {
      commit.done().completeExceptionally(failure);
    } else if (request instanceof Trim trim) {
      trim.done().completeExceptionally(failure);
    }
  }
}
