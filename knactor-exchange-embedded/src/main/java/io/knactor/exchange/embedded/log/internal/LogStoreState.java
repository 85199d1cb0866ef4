package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One log store as readers see it: its id, spec and the published range of each partition. Only the
 * writing leader of a commit group changes it, after the RocksDB write that made the change
 * durable, and then wakes the polls waiting on the store.
 */
final class LogStoreState {
  final int id;
  private volatile LogStoreSpec spec;
  private final AtomicReferenceArray<PartitionRange> ranges;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean gone;

  LogStoreState(int id, LogStoreSpec spec, List<PartitionRange> ranges) {
    this.id = id;
    this.spec = spec;
    this.ranges = new AtomicReferenceArray<>(ranges.toArray(new PartitionRange[0]));
  }

  LogStoreSpec spec() {
    return spec;
  }

  void spec(LogStoreSpec newSpec) {
    spec = newSpec;
  }

  PartitionRange range(int partition) {
    return ranges.get(partition);
  }

  void range(int partition, PartitionRange range) {
    ranges.set(partition, range);
  }

  boolean isGone() {
    return gone;
  }

  LogStoreInfo info() {
    List<PartitionInfo> partitions = new ArrayList<>(ranges.length());
    for (int p = 0; p < ranges.length(); p++) {
      PartitionRange range = ranges.get(p);
      partitions.add(new PartitionInfo(p, range.start(), range.end(), range.bytes()));
    }
    return new LogStoreInfo(spec, partitions);
  }

  /** Wakes every poll waiting on this store; called after its ranges changed. */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the store deleted (or its exchange closed) and wakes its polls. */
  void markGone() {
    gone = true;
    signal();
  }

  /**
   * Waits until {@code ready} holds, the store is gone, or {@code nanos} pass; returns the nanos
   * left (0 or less when the time is up).
   */
  long await(BooleanSupplier ready, long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (!ready.getAsBoolean() && !gone && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return nanos;
    } finally {
      lock.unlock();
    }
  }

  static long toNanos(Duration timeout) {
    return TimeUnit.NANOSECONDS.convert(timeout);
  }
}
