package io.knactor.exchange.embedded.internal;

import io.knactor.core.model.ObjectKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the writer knows while validating one commit group: the committed state (from the {@link
 * ObjectIndex}), overlaid with the effects of the batches already accepted in this group, overlaid
 * with the effects of the batch being validated. {@link #accept} folds the batch into the group;
 * {@link #reject} drops it, so a failing batch fails alone; {@link #committed} hands the group's
 * effects to the index once RocksDB holds them. The writing leader only.
 */
final class GroupState {
  private final ObjectIndex index;
  private final Map<ObjectKey, ObjectIndex.Entry> accepted = new HashMap<>();
  private final Map<ObjectKey, ObjectIndex.Entry> pending = new HashMap<>();
  private final long first;
  private long next;
  private long pendingNext;

  GroupState(ObjectIndex index, long nextVersion) {
    this.index = index;
    this.first = nextVersion;
    this.next = nextVersion;
    this.pendingNext = nextVersion;
  }

  Optional<Current> current(ObjectKey key, byte[] keyBytes) {
    return state(key, keyBytes).current();
  }

  /** The versions of {@code key} its history retains, oldest first. */
  long[] history(ObjectKey key, byte[] keyBytes) {
    return state(key, keyBytes).history();
  }

  private ObjectIndex.Entry state(ObjectKey key, byte[] keyBytes) {
    ObjectIndex.Entry entry = pending.get(key);
    if (entry == null) {
      entry = accepted.get(key);
    }
    return entry != null ? entry : index.get(key, keyBytes);
  }

  long allocateVersion() {
    return pendingNext++;
  }

  void stage(ObjectKey key, Optional<Current> current, long[] history) {
    pending.put(key, new ObjectIndex.Entry(current, history));
  }

  void accept() {
    accepted.putAll(pending);
    next = pendingNext;
    pending.clear();
  }

  void reject() {
    pendingNext = next;
    pending.clear();
  }

  /** The group is durably written: its accepted effects become the index's committed state. */
  void committed() {
    accepted.forEach(index::put);
  }

  /** The version the group's first accepted write has. */
  long firstVersion() {
    return first;
  }

  /** The version of the last accepted write; the group's first version minus one when none. */
  long lastVersion() {
    return next - 1;
  }
}
