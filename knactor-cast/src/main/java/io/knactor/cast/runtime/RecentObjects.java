package io.knactor.cast.runtime;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last state seen of recently changed objects, so that a change can be diffed against it and
 * only the rules reading changed fields run. Bounded (least recently used go first): a miss only
 * means every rule reading the object's kind runs, which is correct, merely more work. Owned by the
 * runtime's thread.
 */
final class RecentObjects {
  private final Map<ObjectKey, StoredObject> objects;

  RecentObjects(int capacity) {
    this.objects =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ObjectKey, StoredObject> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers {@code current} (null: forgets the key) and answers the state seen before. */
  StoredObject replace(ObjectKey key, StoredObject current) {
    return current == null ? objects.remove(key) : objects.put(key, current);
  }

  void clear() {
    objects.clear();
  }
}
