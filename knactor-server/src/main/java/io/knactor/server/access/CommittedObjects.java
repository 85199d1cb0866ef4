package io.knactor.server.access;

import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects that the latest commits through a server's connections stored, by key: the states a
 * later write's access checks would otherwise read back from the exchange (and parse) before every
 * commit. A version of an object never changes once committed, so an entry answers only for the
 * exact version asked for ({@link #at}), and it is never wrong, only missing: a commit that did not
 * pass through here (a component writing to the backend directly) leaves the entry at an older
 * version, which a write expecting the current one does not ask for. A deleted key is dropped.
 * {@link #latest} answers whatever is held, for a write that pins itself to what it was checked
 * against.
 *
 * <p>Thread-safe; holds at most {@code capacity} keys, dropping the least recently committed.
 */
public final class CommittedObjects {
  private final Map<ObjectKey, StoredObject> objects;

  public CommittedObjects(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.objects =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ObjectKey, StoredObject> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The object {@code key} as committed at {@code version}, when it is the one held. */
  public Optional<StoredObject> at(ObjectKey key, long version) {
    StoredObject held;
    synchronized (objects) {
      held = objects.get(key);
    }
    return held != null && held.resourceVersion() == version ? Optional.of(held) : Optional.empty();
  }

  /**
   * The newest object {@code key} held, whatever its version: only a guess at its current state,
   * which a write checked against it must be pinned to, so that the exchange refuses it when the
   * object moved on (a commit that did not pass through here).
   */
  public Optional<StoredObject> latest(ObjectKey key) {
    synchronized (objects) {
      return Optional.ofNullable(objects.get(key));
    }
  }

  /** Records what committing {@code writes} stored ({@code result}: one object per write). */
  public void committed(List<Write> writes, CommitResult result) {
    List<StoredObject> stored = result.objects();
    synchronized (objects) {
      for (int i = 0; i < writes.size() && i < stored.size(); i++) {
        StoredObject object = stored.get(i);
        // Removed first, so that the eldest entry is the least recently committed key.
        StoredObject before = objects.remove(object.key());
        if (writes.get(i).op() == Write.Op.DELETE) {
          continue;
        }
        objects.put(
            object.key(),
            before != null && before.resourceVersion() > object.resourceVersion()
                ? before
                : object);
      }
    }
  }

  /** Drops the keys {@code writes} touch: their state is no longer known here. */
  public void forget(List<Write> writes) {
    synchronized (objects) {
      for (Write write : writes) {
        objects.remove(write.key());
      }
    }
  }
}
