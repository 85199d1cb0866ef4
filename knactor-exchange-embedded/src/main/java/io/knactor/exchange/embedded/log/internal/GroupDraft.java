package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.log.PartitionClaim;
import io.knactor.core.model.StoreRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The changes of one commit group, owned by the writing leader (see GroupCommitLoop): the staged
 * WriteBatch, and the ranges, subscriptions and epoch counter as the group's accepted requests left
 * them, which later requests of the group see instead of the durable state. Nothing is visible to
 * readers before {@link #publish}, after the group's write.
 */
final class GroupDraft implements AutoCloseable {
  /** One request's work: checks first, then stages; throws to fail the request alone. */
  interface Step<T> {
    T run() throws RocksDBException;
  }

  record SubscriptionKey(int store, int partition, String subscriber) {}

  private record Range(LogStoreState state, int partition, PartitionRange range) {}

  private final LogDb db;
  private final WriteBatch batch = new WriteBatch();
  private final Map<Long, Range> ranges = new LinkedHashMap<>();
  private final Map<SubscriptionKey, Subscription> subscriptions = new HashMap<>();
  private final List<Runnable> completions = new ArrayList<>();
  private final List<CompletableFuture<?>> accepted = new ArrayList<>();
  private long nextEpoch;
  private final long firstEpoch;
  private long bytes;
  private int transactions;
  private RocksDBException broken;

  GroupDraft(LogDb db, long nextEpoch) {
    this.db = db;
    this.nextEpoch = nextEpoch;
    this.firstEpoch = nextEpoch;
  }

  /** Runs one request's step; a failing step fails its request alone. */
  <T> void run(CompletableFuture<T> done, Step<T> step) {
    try {
      T result = step.run();
      accepted.add(done);
      completions.add(() -> done.complete(result));
    } catch (RocksDBException e) {
      // Staging itself failed: the batch may hold part of this request, so the group cannot commit.
      broken = e;
      accepted.add(done);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  boolean isEmpty() {
    return accepted.isEmpty();
  }

  long bytes() {
    return bytes;
  }

  void addBytes(long more) {
    bytes += more;
  }

  int transactions() {
    return transactions;
  }

  long nextEpoch() {
    return nextEpoch;
  }

  PartitionRange range(LogStoreState state, int partition) {
    Range range = ranges.get(key(state.id, partition));
    return range == null ? state.range(partition) : range.range();
  }

  void range(LogStoreState state, int partition, PartitionRange range) {
    ranges.put(key(state.id, partition), new Range(state, partition, range));
  }

  Subscription subscription(int store, int partition, String subscriber) {
    SubscriptionKey key = new SubscriptionKey(store, partition, subscriber);
    Subscription drafted = subscriptions.get(key);
    if (drafted != null) {
      return drafted;
    }
    byte[] stored =
        db.rocks.access(
            r -> r.db().get(db.offsets, LogKeys.subscription(store, partition, subscriber)));
    return stored == null ? null : LogCodec.decodeSubscription(stored);
  }

  void subscription(SubscriptionKey key, Subscription subscription) throws RocksDBException {
    subscriptions.put(key, subscription);
    batch.put(
        db.offsets,
        LogKeys.subscription(key.store(), key.partition(), key.subscriber()),
        LogCodec.subscription(subscription));
  }

  /** Stages a claim: the partition's next epoch for {@code subscriber}, keeping its offset. */
  PartitionClaim claim(LogStoreState state, StoreRef store, int partition, String subscriber)
      throws RocksDBException {
    Subscription current = subscription(state.id, partition, subscriber);
    long committed = current == null ? Subscription.NONE : current.committed();
    long epoch = nextEpoch++;
    subscription(
        new SubscriptionKey(state.id, partition, subscriber), new Subscription(epoch, committed));
    return new PartitionClaim(
        subscriber,
        store,
        partition,
        epoch,
        committed == Subscription.NONE ? OptionalLong.empty() : OptionalLong.of(committed));
  }

  LogDb db() {
    return db;
  }

  WriteBatch batch() {
    return batch;
  }

  void countTransaction() {
    transactions++;
  }

  /** Writes the group with one RocksDB write (one WAL sync). */
  void writeTo(LogDb target) {
    target.rocks.access(
        r -> {
          if (broken != null) {
            throw broken;
          }
          for (Range range : ranges.values()) {
            batch.put(
                db.partitions,
                LogKeys.partition(range.state().id, range.partition()),
                LogCodec.range(range.range()));
          }
          if (nextEpoch != firstEpoch) {
            batch.put(db.meta, LogDb.NEXT_EPOCH, LogCodec.longValue(nextEpoch));
          }
          return null;
        });
    target.rocks.write(batch);
  }

  /** After the write: shows the new ranges to readers, completes the callers, wakes polls. */
  void publish() {
    for (Range range : ranges.values()) {
      range.state().range(range.partition(), range.range());
    }
    completions.forEach(Runnable::run);
    ranges.values().stream().map(Range::state).distinct().forEach(LogStoreState::signal);
  }

  void fail(RuntimeException failure) {
    accepted.forEach(done -> done.completeExceptionally(failure));
  }

  @Override
  public void close() {
    batch.close();
  }

  static long key(int store, int partition) {
    return ((long) store << 32) | (partition & 0xffffffffL);
  }
}
