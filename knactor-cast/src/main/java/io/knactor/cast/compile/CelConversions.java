package io.knactor.cast.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.schema.FieldType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CEL values of recently converted objects, by identity, so that an object every evaluation
 * reads (a catalog, a rates table) is converted once, not once per rule run. Sound because the
 * objects a cast reads are never changed in place: an evaluation copies one before it plans a
 * change to it. Bounded: the least recently used conversion goes first. Thread-safe.
 */
public final class CelConversions {
  /** One object as one declared type; equal only to the same object and type instances. */
  private record Key(ObjectNode node, FieldType type) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.node == node && key.type == type;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(node) + System.identityHashCode(type);
    }
  }

  private final Map<Key, Object> recent;

  /**
   * @param capacity how many conversions to keep; 0 keeps none
   */
  public CelConversions(int capacity) {
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The CEL value of {@code node} declared as {@code type}, converted when not kept. */
  public synchronized Object of(ObjectNode node, FieldType type) {
    Key key = new Key(node, type);
    Object value = recent.get(key);
    if (value == null) {
      value = CelValues.fromJson(node, type);
      recent.put(key, value);
    }
    return value;
  }
}
