package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.log.AppendResult;
import io.knactor.core.log.LogLimits;
import io.knactor.core.log.LogPartitioner;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.RecordPosition;
import io.knactor.core.log.TransactionResult;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.internal.GroupCommitLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The log exchange's writer with group commit, driven by a {@link GroupCommitLoop}. Every change
 * goes through it. Transactions and claims (the hot path) are grouped: each is checked against the
 * durable state plus the group's earlier changes (a failing one fails alone, having staged
 * nothing), the group is written as one RocksDB WriteBatch with one WAL sync, and only then are the
 * new ranges published to readers and the callers completed. Store creation, deletion and retention
 * are rare and each is written on its own.
 *
 * <p>The submit methods are thread-safe; each returns once its request is handled (by the caller's
 * own thread when it leads the group).
 */
public final class LogWriter implements GroupCommitLoop.Handler<LogWriter.Request> {
  private static final int MAX_GROUP = 512;
  private static final long MAX_GROUP_BYTES = 32L * 1024 * 1024;

  /** A request to the writer. */
  public sealed interface Request permits Commit, Claim, Create, Delete, Retain {
    CompletableFuture<?> done();
  }

  private record Commit(PreparedTransaction tx, CompletableFuture<TransactionResult> done)
      implements Request {}

  private record Claim(
      String subscriber,
      StoreRef store,
      Set<Integer> partitions,
      CompletableFuture<List<PartitionClaim>> done)
      implements Request {}

  private record Create(LogStoreSpec spec, CompletableFuture<LogStoreInfo> done)
      implements Request {}

  private record Delete(StoreRef store, CompletableFuture<Void> done) implements Request {}

  private record Retain(StoreRef store, CompletableFuture<LogStoreInfo> done) implements Request {}

  private final GroupCommitLoop<Request> loop = new GroupCommitLoop<>(MAX_GROUP, this);
  private final LogDb db;
  private final LogCatalog catalog;
  private final RetentionPass retention;
  private long nextStoreId;
  private long nextEpoch;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong groups = new AtomicLong();

  public LogWriter(LogDb db, LogCatalog catalog) {
    this.db = db;
    this.catalog = catalog;
    this.retention = new RetentionPass(db);
    this.nextStoreId = db.metaLong(LogDb.NEXT_STORE_ID, 1);
    this.nextEpoch = db.metaLong(LogDb.NEXT_EPOCH, 1);
  }

  public CompletableFuture<TransactionResult> commit(PreparedTransaction tx) {
    return submit(new Commit(tx, new CompletableFuture<>()));
  }

  public CompletableFuture<List<PartitionClaim>> claim(
      String subscriber, StoreRef store, Set<Integer> partitions) {
    return submit(new Claim(subscriber, store, partitions, new CompletableFuture<>()));
  }

  public CompletableFuture<LogStoreInfo> create(LogStoreSpec spec) {
    return submit(new Create(spec, new CompletableFuture<>()));
  }

  public CompletableFuture<Void> delete(StoreRef store) {
    return submit(new Delete(store, new CompletableFuture<>()));
  }

  public CompletableFuture<LogStoreInfo> retain(StoreRef store) {
    return submit(new Retain(store, new CompletableFuture<>()));
  }

  /** Transactions (appends included) committed so far. */
  public long transactionsCommitted() {
    return transactions.get();
  }

  /** RocksDB writes (so WAL syncs) made for groups of transactions and claims so far. */
  public long groupsWritten() {
    return groups.get();
  }

  @SuppressWarnings("unchecked")
  private <T, R extends Request> CompletableFuture<T> submit(R request) {
    loop.submit(request);
    return (CompletableFuture<T>) request.done();
  }

  @Override
  public void handle(List<Request> group) {
    GroupDraft draft = new GroupDraft(db, nextEpoch);
    for (Request request : group) {
      if (request instanceof Commit commit) {
        if (draft.bytes() + commit.tx().bytes() > MAX_GROUP_BYTES) {
          draft = flush(draft);
        }
        GroupDraft current = draft;
        current.run(commit.done(), () -> commit(commit.tx(), current));
      } else if (request instanceof Claim claim) {
        GroupDraft current = draft;
        current.run(claim.done(), () -> claim(claim, current));
      } else {
        draft = flush(draft);
        alone(request);
      }
    }
    flush(draft);
  }

  @Override
  public void abandon(Request request, Throwable cause) {
    request
        .done()
        .completeExceptionally(
            new UnavailableException(
                "could not write to log exchange at " + db.dir() + ": " + cause, cause));
  }

  private TransactionResult commit(PreparedTransaction tx, GroupDraft draft)
      throws RocksDBException {
    TxDraft local = new TxDraft(draft);
    List<List<RecordPosition>> positions = new ArrayList<>();
    for (PreparedTransaction.Append append : tx.appends()) {
      LogStoreState state = catalog.require(append.store());
      int partitions = state.spec().partitions();
      List<RecordPosition> at = new ArrayList<>(append.keys().size());
      for (int i = 0; i < append.keys().size(); i++) {
        // One partition needs no hash: this runs per record inside the group commit.
        int partition =
            partitions == 1 ? 0 : LogPartitioner.partition(append.keys().get(i), partitions);
        at.add(local.append(state, partition, append.records().get(i)));
      }
      positions.add(at);
    }
    for (PreparedTransaction.Offset offset : tx.offsets()) {
      PartitionClaim claim = offset.claim();
      LogStoreState state = catalog.require(claim.store());
      LogLimits.checkPartition(state.spec(), claim.partition(), "partition");
      Subscription current = draft.subscription(state.id, claim.partition(), claim.subscriber());
      if (current == null || current.epoch() != claim.epoch()) {
        throw claim.fenced(current == null ? "" : " by epoch " + current.epoch());
      }
      long end = local.range(state, claim.partition()).end();
      LogLimits.checkNotPastEnd(
          offset.offset(), end, claim.store(), claim.partition(), offset.field());
      local.commitOffset(state, claim, offset.offset(), current);
    }
    local.apply(tx.states());
    List<AppendResult> results = new ArrayList<>();
    for (int i = 0; i < tx.appends().size(); i++) {
      results.add(new AppendResult(tx.appends().get(i).store(), positions.get(i)));
    }
    draft.addBytes(tx.bytes());
    return new TransactionResult(results);
  }

  private List<PartitionClaim> claim(Claim claim, GroupDraft draft) throws RocksDBException {
    LogStoreState state = catalog.require(claim.store());
    if (claim.partitions().isEmpty()) {
      throw new InvalidInputException("claim at least one partition", "partitions");
    }
    for (int partition : claim.partitions()) {
      LogLimits.checkPartition(state.spec(), partition, "partitions");
    }
    List<PartitionClaim> claims = new ArrayList<>();
    for (int partition : new TreeSet<>(claim.partitions())) {
      claims.add(draft.claim(state, claim.store(), partition, claim.subscriber()));
    }
    return claims;
  }

  /** Writes the draft's group; returns a fresh draft for what follows. */
  private GroupDraft flush(GroupDraft draft) {
    if (!draft.isEmpty()) {
      try {
        draft.writeTo(db);
        nextEpoch = draft.nextEpoch();
        groups.incrementAndGet();
        transactions.addAndGet(draft.transactions());
        draft.publish();
      } catch (RuntimeException e) {
        draft.fail(
            new UnavailableException(
                "could not write to log exchange at " + db.dir() + ": " + e.getMessage(), e));
      }
    }
    draft.close();
    return new GroupDraft(db, nextEpoch);
  }

  private void alone(Request request) {
    try {
      if (request instanceof Create create) {
        create.done().complete(createNow(create.spec()));
      } else if (request instanceof Delete delete) {
        deleteNow(delete.store());
        delete.done().complete(null);
      } else if (request instanceof Retain retain) {
        retain.done().complete(retention.apply(catalog.require(retain.store())));
      }
    } catch (RuntimeException e) {
      request.done().completeExceptionally(e);
    }
  }

  private LogStoreInfo createNow(LogStoreSpec spec) {
    LogStoreState existing = catalog.get(spec.store());
    if (existing != null) {
      LogStoreSpec old = existing.spec();
      if (!old.kind().equals(spec.kind()) || old.partitions() != spec.partitions()) {
        throw new ConflictException(
            "log store "
                + spec.store()
                + " exists with kind "
                + old.kind()
                + " and "
                + old.partitions()
                + " partitions; a store's kind and partition count cannot change",
            "store");
      }
      write(batch -> batch.put(db.stores, name(spec.store()), LogCodec.store(existing.id, spec)));
      existing.spec(spec);
      return existing.info();
    }
    int id = Math.toIntExact(nextStoreId);
    write(
        batch -> {
          batch.put(db.stores, name(spec.store()), LogCodec.store(id, spec));
          for (int p = 0; p < spec.partitions(); p++) {
            batch.put(
                db.partitions, LogKeys.partition(id, p), LogCodec.range(PartitionRange.EMPTY));
          }
          batch.put(db.meta, LogDb.NEXT_STORE_ID, LogCodec.longValue(id + 1L));
        });
    nextStoreId = id + 1L;
    List<PartitionRange> ranges = new ArrayList<>();
    for (int p = 0; p < spec.partitions(); p++) {
      ranges.add(PartitionRange.EMPTY);
    }
    LogStoreState state = new LogStoreState(id, spec, ranges);
    catalog.put(spec.store(), state);
    return state.info();
  }

  private void deleteNow(StoreRef store) {
    LogStoreState state = catalog.require(store);
    byte[] from = LogKeys.storeStart(state.id);
    byte[] to = LogKeys.storeStart(state.id + 1);
    write(
        batch -> {
          batch.deleteRange(db.records, from, to);
          batch.deleteRange(db.partitions, from, to);
          batch.deleteRange(db.offsets, from, to);
          batch.delete(db.stores, name(store));
        });
    catalog.remove(store);
  }

  private interface Staging {
    void stage(WriteBatch batch) throws RocksDBException;
  }

  private void write(Staging staging) {
    try (WriteBatch batch = new WriteBatch()) {
      staging.stage(batch);
      db.rocks.write(batch);
    } catch (RocksDBException e) {
      throw new UnavailableException(
          "could not write to log exchange at " + db.dir() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] name(StoreRef store) {
    return store.toString().getBytes(StandardCharsets.UTF_8);
  }
}
