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
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The object exchange's writer with group commit, driven by a {@link GroupCommitLoop}: a committer
 * that finds no group in progress writes its own group on its own thread; others queue meanwhile
 * and the next leader writes them as one group. Each batch is validated against the current state
 * plus the batches accepted before it in the same group (a failing batch fails alone), gets
 * consecutive versions, and the whole group is written as one RocksDB WriteBatch (one WAL fsync for
 * all callers); then the events go into the watch hub's ring, the hub wakes parked watchers (itself
 * for a few watches, else through its dispatcher) and the callers are completed. Validation reads
 * the writer's {@link ObjectIndex} of committed objects, not RocksDB, for keys written recently.
 * Change log trimming rides in the same WriteBatch.
 *
 * <p>{@link #submit} and {@link #trim} are thread-safe and return once the request is handled.
 */
public final class CommitWriter implements GroupCommitLoop.Handler<CommitWriter.Request> {
  private static final int MAX_GROUP = 512;

  /** Caps the memory of one group's WriteBatch (each document is written three times). */
  private static final long MAX_GROUP_BYTES = 32L * 1024 * 1024;

  /** A request to the writer. */
  public sealed interface Request permits Commit, Trim {}

  private record Commit(PreparedBatch batch, CompletableFuture<CommitResult> done)
      implements Request {}

  private record Trim(long through, CompletableFuture<Void> done) implements Request {}

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
    this.index = new ObjectIndex(store, indexBytes);
    this.retention = retention;
    this.trimSlack = Math.max(1, Math.min(retention / 10, 10_000));
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
  public void handle(List<Request> group) {
    List<Commit> commits = new ArrayList<>();
    long bytes = 0;
    for (Request request : group) {
      if (request instanceof Commit commit) {
        if (bytes + commit.batch().bytes() > MAX_GROUP_BYTES) {
          commitGroup(commits);
          commits.clear();
          bytes = 0;
        }
        commits.add(commit);
        bytes += commit.batch().bytes();
      } else if (request instanceof Trim trim) {
        commitGroup(commits);
        commits.clear();
        bytes = 0;
        trim(trim);
      }
    }
    commitGroup(commits);
  }

  private void commitGroup(List<Commit> commits) {
    if (commits.isEmpty()) {
      return;
    }
    GroupState state = new GroupState(index, bounds.committed() + 1);
    Instant time = Instant.now();
    List<Commit> accepted = new ArrayList<>();
    List<List<BatchApplier.Effect>> effects = new ArrayList<>();
    for (Commit commit : commits) {
      try {
        effects.add(applier.apply(commit.batch(), state, time));
        state.accept();
        accepted.add(commit);
      } catch (RuntimeException e) {
        state.reject();
        commit.done().completeExceptionally(e);
      }
    }
    if (accepted.isEmpty()) {
      return;
    }
    long last = state.lastVersion();
    long first = bounds.firstRetained();
    long newFirst = last - first + 1 > retention + trimSlack ? last - retention + 1 : first;
    try (WriteBatch batch = new WriteBatch()) {
      for (List<BatchApplier.Effect> batchEffects : effects) {
        for (BatchApplier.Effect effect : batchEffects) {
          stage(batch, effect);
        }
      }
      stageTrim(batch, first, newFirst);
      batch.put(store.meta(), RocksStore.META_VERSION, Keys.version(last));
      store.write(batch);
    } catch (RocksDBException | RuntimeException e) {
      index.clear();
      UnavailableException failure =
          new UnavailableException(
              "could not write to object exchange at " + store.dir() + ": " + e.getMessage(), e);
      accepted.forEach(commit -> commit.done().completeExceptionally(failure));
      return;
    }
    bounds.committed(last);
    bounds.firstRetained(newFirst);
    batches.addAndGet(accepted.size());
    groups.incrementAndGet();
    int changes = (int) (last - state.firstVersion() + 1);
    List<WatchEvent> events = new ArrayList<>(changes);
    int[] sizes = new int[changes];
    List<CommitResult> results = new ArrayList<>(accepted.size());
    for (List<BatchApplier.Effect> batchEffects : effects) {
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
    complete(accepted, results);
    // The index is read by leaders only, so it is updated after everyone was told.
    state.committed();
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
