package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything a partition task's state store holds at a committed offset, including that offset:
 * restoring it elsewhere ({@link InMemoryStateStore#restore}, or any store filled from it) resumes
 * the partition exactly where it stopped. Immutable; its JSON form ({@link #toJson}) is {@code
 * {"namespace": {"key": value}}}.
 */
public final class StateSnapshot {
  private final NavigableMap<String, NavigableMap<String, JsonNode>> namespaces;

  public StateSnapshot(Map<String, ? extends Map<String, JsonNode>> namespaces) {
    this(namespaces, true);
  }

  private StateSnapshot(
      Map<String, ? extends Map<String, JsonNode>> namespaces, boolean copyValues) {
    TreeMap<String, NavigableMap<String, JsonNode>> copy = new TreeMap<>();
    namespaces.forEach(
        (ns, entries) -> {
          if (!entries.isEmpty()) {
            TreeMap<String, JsonNode> values = new TreeMap<>();
            entries.forEach((k, v) -> values.put(k, copyValues ? v.deepCopy() : v));
            copy.put(ns, Collections.unmodifiableNavigableMap(values));
          }
        });
    this.namespaces = Collections.unmodifiableNavigableMap(copy);
  }

  /**
   * A snapshot of a store whose values are never modified, only replaced (as a task's state changes
   * replace them): it shares the values instead of copying them.
   */
  static StateSnapshot ofUnmodifiedValues(Map<String, ? extends Map<String, JsonNode>> namespaces) {
    return new StateSnapshot(namespaces, false);
  }

  /** The namespaces and their entries, sorted; values must not be modified. */
  public NavigableMap<String, NavigableMap<String, JsonNode>> namespaces() {
    return namespaces;
  }

  public ObjectNode toJson() {
    return tree(true);
  }

  /**
   * The UTF-8 bytes of {@link #toJson}, what crosses to another instance: written without copying
   * the values first, as the tree never leaves this method.
   */
  public byte[] toJsonBytes() {
    return Json.write(tree(false));
  }

  private ObjectNode tree(boolean copyValues) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    namespaces.forEach(
        (ns, entries) -> {
          ObjectNode values = out.putObject(ns);
          entries.forEach((k, v) -> values.set(k, copyValues ? v.deepCopy() : v));
        });
    return out;
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not {@code {"namespace": {"key": value}}}
   */
  public static StateSnapshot fromJson(JsonNode json) {
    return of(json, true);
  }

  /**
   * Parses the bytes of {@link #toJsonBytes}; the parsed values are kept, not copied, as nothing
   * else holds them.
   *
   * @throws io.knactor.core.error.InvalidInputException when the bytes are not a JSON object
   * @throws IllegalArgumentException when it is not {@code {"namespace": {"key": value}}}
   */
  public static StateSnapshot fromJsonBytes(byte[] bytes) {
    return of(Json.parseObject(Json.MAPPER, bytes, "state snapshot"), false);
  }

  private static StateSnapshot of(JsonNode json, boolean copyValues) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a state snapshot is a JSON object of namespaces");
    }
    Map<String, Map<String, JsonNode>> namespaces = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = json.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> ns = it.next();
      if (!ns.getValue().isObject()) {
        throw new IllegalArgumentException("namespace '" + ns.getKey() + "' is not an object");
      }
      Map<String, JsonNode> values = new TreeMap<>();
      ns.getValue().fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
      namespaces.put(ns.getKey(), values);
    }
    return new StateSnapshot(namespaces, copyValues);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateSnapshot other && namespaces.equals(other.namespaces);
  }

  @Override
  public int hashCode() {
    return namespaces.hashCode();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
