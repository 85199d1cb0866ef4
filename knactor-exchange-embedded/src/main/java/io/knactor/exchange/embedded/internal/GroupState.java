package io.knactor.exchange.embedded.internal;

import io.knactor.core.model.ObjectKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the writer knows while validating one commit group: the committed state in RocksDB, overlaid
 * with the effects of the batches already accepted in this group, overlaid with the effects of the
 * batch being validated. {@link #accept} folds the batch into the group; {@link #reject} drops it,
 * so a failing batch fails alone. Writer thread only.
 */
final class GroupState {
  private final RocksStore store;
  private final Map<ObjectKey, Optional<Current>> objects = new HashMap<>();
  private final Map<ObjectKey, long[]> histories = new HashMap<>();
  private final Map<ObjectKey, Optional<Current>> pendingObjects = new HashMap<>();
  private final Map<ObjectKey, long[]> pendingHistories = new HashMap<>();
  private long next;
  private long pendingNext;

  GroupState(RocksStore store, long nextVersion) {
    this.store = store;
    this.next = nextVersion;
    this.pendingNext = nextVersion;
  }

  Optional<Current> current(ObjectKey key, byte[] keyBytes) {
    Optional<Current> staged = pendingObjects.get(key);
    if (staged == null) {
      staged = objects.get(key);
    }
    if (staged == null) {
      byte[] value = store.access(s -> s.db().get(s.objects(), keyBytes));
      staged = value == null ? Optional.empty() : Optional.of(Codec.decodeCurrent(value));
      objects.put(key, staged);
    }
    return staged;
  }

  /** The versions of {@code key} its history retains, oldest first. */
  long[] history(ObjectKey key, byte[] keyBytes) {
    long[] versions = pendingHistories.get(key);
    if (versions == null) {
      versions = histories.get(key);
    }
    if (versions == null) {
      byte[] value = store.access(s -> s.db().get(s.history(), Keys.historyPrefix(keyBytes)));
      versions = Codec.decodeVersions(value);
      histories.put(key, versions);
    }
    return versions;
  }

  long allocateVersion() {
    return pendingNext++;
  }

  void stage(ObjectKey key, Optional<Current> current, long[] history) {
    pendingObjects.put(key, current);
    pendingHistories.put(key, history);
  }

  void accept() {
    objects.putAll(pendingObjects);
    histories.putAll(pendingHistories);
    next = pendingNext;
    pendingObjects.clear();
    pendingHistories.clear();
  }

  void reject() {
    pendingNext = next;
    pendingObjects.clear();
    pendingHistories.clear();
  }

  /** The version of the last accepted write; the group's first version minus one when none. */
  long lastVersion() {
    return next - 1;
  }
}
