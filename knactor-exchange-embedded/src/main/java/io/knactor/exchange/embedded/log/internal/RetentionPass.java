package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.Retention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Applies a store's retention rules as the writing leader. Each rule allows dropping a prefix of a
 * partition; walking the partition from its start, a record is dropped while any rule allows it, so
 * the new start is the furthest of the three bounds. One range delete per partition, in one write
 * for the store.
 */
final class RetentionPass {
  private final LogDb db;

  RetentionPass(LogDb db) {
    this.db = db;
  }

  /**
   * @throws io.knactor.core.error.UnavailableException when RocksDB fails; nothing is trimmed
   */
  LogStoreInfo apply(LogStoreState state) {
    Retention retention = state.spec().retention();
    long cutoff =
        retention.maxAge() == null
            ? Long.MIN_VALUE
            : Instant.now().minus(retention.maxAge()).toEpochMilli();
    List<PartitionRange> trimmed = new ArrayList<>();
    try (WriteBatch batch = new WriteBatch()) {
      db.rocks.access(
          r -> {
            for (int p = 0; p < state.spec().partitions(); p++) {
              PartitionRange range = state.range(p);
              PartitionRange after = trim(state, p, range, retention, cutoff);
              trimmed.add(after);
              if (after.start() > range.start()) {
                batch.deleteRange(
                    db.records,
                    LogKeys.record(state.id, p, range.start()),
                    LogKeys.record(state.id, p, after.start()));
                batch.put(db.partitions, LogKeys.partition(state.id, p), LogCodec.range(after));
              }
            }
            return null;
          });
      if (batch.count() > 0) {
        db.rocks.write(batch);
      }
    }
    for (int p = 0; p < trimmed.size(); p++) {
      state.range(p, trimmed.get(p));
    }
    return state.info();
  }

  private PartitionRange trim(
      LogStoreState state, int partition, PartitionRange range, Retention retention, long cutoff)
      throws RocksDBException {
    long consumed = consumedBound(state, partition, range, retention);
    long start = range.start();
    long bytes = range.bytes();
    boolean oldPrefix = retention.maxAge() != null;
    try (RocksIterator it = db.rocks.db().newIterator(db.records)) {
      it.seek(LogKeys.record(state.id, partition, start));
      while (start < range.end() && it.isValid()) {
        byte[] record = it.value();
        oldPrefix = oldPrefix && LogCodec.timeMillis(record) < cutoff;
        boolean tooBig = retention.maxBytes() != null && bytes > retention.maxBytes();
        if (!(oldPrefix || tooBig || start < consumed)) {
          break;
        }
        bytes -= record.length;
        start++;
        it.next();
      }
      it.status();
    }
    return new PartitionRange(start, range.end(), bytes);
  }

  /** Below which offset every declared reader has consumed the partition (its start if none). */
  private long consumedBound(
      LogStoreState state, int partition, PartitionRange range, Retention retention)
      throws RocksDBException {
    if (retention.consumedBy().isEmpty()) {
      return range.start();
    }
    long bound = Long.MAX_VALUE;
    for (String reader : retention.consumedBy()) {
      byte[] stored =
          db.rocks.db().get(db.offsets, LogKeys.subscription(state.id, partition, reader));
      long committed =
          stored == null ? Subscription.NONE : LogCodec.decodeSubscription(stored).committed();
      if (committed == Subscription.NONE) {
        return range.start();
      }
      bound = Math.min(bound, committed);
    }
    return bound;
  }
}
