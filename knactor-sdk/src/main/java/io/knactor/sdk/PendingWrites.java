package io.knactor.sdk;

import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes of handler calls made one after another that have not been committed yet, to commit as
 * one batch (one exchange commit, one fsync, for many calls). Callers keep their writes to distinct
 * objects ({@link #touches}) and commit before any handler could read them. Owned by the knactor's
 * thread; not thread-safe.
 */
final class PendingWrites {
  /** One handler call: its delivery, its writes, and when to call it again, if asked. */
  record Entry(Delivery delivery, WriteBatch batch, Duration requeueDelay) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Set<ObjectKey> targets = new HashSet<>();

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether a pending write is to {@code key}. */
  boolean touches(ObjectKey key) {
    return targets.contains(key);
  }

  /** Whether a pending write is to an object {@code batch} also writes. */
  boolean touchesAny(WriteBatch batch) {
    return batch.writes().stream().anyMatch(w -> targets.contains(w.key()));
  }

  void add(Entry entry) {
    entries.add(entry);
    entry.batch().writes().forEach(w -> targets.add(w.key()));
  }

  /** Every pending entry, in order, leaving none. */
  List<Entry> take() {
    List<Entry> taken = List.copyOf(entries);
    entries.clear();
    targets.clear();
    return taken;
  }

  /** The writes of {@code entries} in order, as one batch of their principal. */
  static WriteBatch combined(List<Entry> entries) {
    List<Write> writes = new ArrayList<>();
    entries.forEach(e -> writes.addAll(e.batch().writes()));
    return new WriteBatch(entries.get(0).batch().principal(), writes);
  }
}
