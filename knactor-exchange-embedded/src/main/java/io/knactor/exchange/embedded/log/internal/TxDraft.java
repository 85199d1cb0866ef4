package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.RecordPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;

/**
 * One transaction's changes while the writer checks it: appends and offset commits are collected
 * here and reach the group's draft only in {@link #apply}, after every check passed, so a refused
 * transaction leaves nothing behind.
 */
final class TxDraft {
  private record RecordPut(int store, int partition, long offset, byte[] record) {}

  /** A partition's range as this transaction's appends so far leave it. */
  private static final class Pending {
    final LogStoreState state;
    final int partition;
    PartitionRange range;

    Pending(LogStoreState state, int partition, PartitionRange range) {
      this.state = state;
      this.partition = partition;
      this.range = range;
    }
  }

  private final GroupDraft group;
  private final Map<Long, Pending> ranges = new LinkedHashMap<>();
  private final List<RecordPut> records = new ArrayList<>();
  private final Map<GroupDraft.SubscriptionKey, Subscription> offsets = new LinkedHashMap<>();
  private Pending last;

  TxDraft(GroupDraft group) {
    this.group = group;
  }

  PartitionRange range(LogStoreState state, int partition) {
    Pending pending = ranges.get(GroupDraft.key(state.id, partition));
    return pending == null ? group.range(state, partition) : pending.range;
  }

  RecordPosition append(LogStoreState state, int partition, byte[] record) {
    // Consecutive records mostly go to the same partition: one map lookup per run of them.
    Pending pending = last;
    if (pending == null || pending.state != state || pending.partition != partition) {
      long key = GroupDraft.key(state.id, partition);
      pending = ranges.get(key);
      if (pending == null) {
        pending = new Pending(state, partition, group.range(state, partition));
        ranges.put(key, pending);
      }
      last = pending;
    }
    long offset = pending.range.end();
    records.add(new RecordPut(state.id, partition, offset, record));
    pending.range = pending.range.append(record.length);
    return new RecordPosition(partition, offset);
  }

  void commitOffset(LogStoreState state, PartitionClaim claim, long offset, Subscription current) {
    offsets.put(
        new GroupDraft.SubscriptionKey(state.id, claim.partition(), claim.subscriber()),
        new Subscription(current.epoch(), offset));
  }

  /** Moves everything into the group's draft, with the state writes. */
  void apply(List<PreparedTransaction.State> states) throws RocksDBException {
    LogDb db = group.db();
    for (RecordPut put : records) {
      group
          .batch()
          .put(
              db.records, LogKeys.record(put.store(), put.partition(), put.offset()), put.record());
    }
    for (Pending pending : ranges.values()) {
      group.range(pending.state, pending.partition, pending.range);
    }
    for (Map.Entry<GroupDraft.SubscriptionKey, Subscription> offset : offsets.entrySet()) {
      group.subscription(offset.getKey(), offset.getValue());
    }
    for (PreparedTransaction.State state : states) {
      if (state.value() == null) {
        group.batch().delete(db.state, state.key());
      } else {
        group.batch().put(db.state, state.key(), state.value());
      }
    }
    group.countTransaction();
  }
}
