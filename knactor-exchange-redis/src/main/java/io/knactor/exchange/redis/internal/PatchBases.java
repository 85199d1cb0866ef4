package io.knactor.exchange.redis.internal;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The newest state this client knows of recently written or read objects, for computing merge
 * patches without reading the object first. A state here may be stale (another client wrote since):
 * the commit function then answers "retry", since a patch result is written only on the version it
 * was computed from, and the caller reads the object again. So a stale entry costs a round trip,
 * never a wrong write. Bounded: the least recently used entries are forgotten. Thread-safe.
 */
public final class PatchBases {
  private final Map<ObjectKey, StoredObject> objects;

  /**
   * @param capacity how many objects to remember
   */
  public PatchBases(int capacity) {
    this.objects =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ObjectKey, StoredObject> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers {@code object} unless a newer version of it is known. */
  public synchronized void remember(StoredObject object) {
    objects.merge(
        object.key(),
        object,
        (known, seen) -> seen.resourceVersion() >= known.resourceVersion() ? seen : known);
  }

  /** Forgets {@code key}, whose current state is not known (deleted, or a commit failed). */
  public synchronized void forget(ObjectKey key) {
    objects.remove(key);
  }

  /** The known state of every one of {@code keys}, or empty when one is not known. */
  public synchronized Optional<Map<ObjectKey, StoredObject>> all(Set<ObjectKey> keys) {
    Map<ObjectKey, StoredObject> known = new HashMap<>();
    for (ObjectKey key : keys) {
      StoredObject object = objects.get(key);
      if (object == null) {
        return Optional.empty();
      }
      known.put(key, object);
    }
    return Optional.of(known);
  }
}
