package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link StateStore} in memory: for tests, the test driver and benchmarks. Not thread-safe.
 *
 * <p>Its values are never modified, only replaced by {@link #apply}, as everywhere in a task's
 * state; so a snapshot and a store restored from one share values rather than copy them.
 */
public final class InMemoryStateStore implements StateStore {
  private final TreeMap<String, TreeMap<String, JsonNode>> namespaces = new TreeMap<>();

  /** A store holding exactly the contents of {@code snapshot}. */
  public static InMemoryStateStore restore(StateSnapshot snapshot) {
    InMemoryStateStore store = new InMemoryStateStore();
    snapshot
        .namespaces()
        .forEach(
            (ns, entries) -> {
              TreeMap<String, JsonNode> values = new TreeMap<>();
              values.putAll(entries);
              store.namespaces.put(ns, values);
            });
    return store;
  }

  @Override
  public JsonNode get(String namespace, String key) {
    TreeMap<String, JsonNode> values = namespaces.get(namespace);
    return values == null ? null : values.get(key);
  }

  @Override
  public List<Map.Entry<String, JsonNode>> scan(String namespace, String from, String to) {
    TreeMap<String, JsonNode> values = namespaces.get(namespace);
    if (values == null) {
      return List.of();
    }
    NavigableMap<String, JsonNode> range =
        to == null ? values.tailMap(from, true) : values.subMap(from, true, to, false);
    return new ArrayList<>(range.entrySet());
  }

  @Override
  public void apply(StateChanges changes) {
    for (StateChanges.Change change : changes.changes()) {
      if (change.deleted()) {
        TreeMap<String, JsonNode> values = namespaces.get(change.namespace());
        if (values != null) {
          values.remove(change.key());
          if (values.isEmpty()) {
            namespaces.remove(change.namespace());
          }
        }
      } else {
        namespaces
            .computeIfAbsent(change.namespace(), ns -> new TreeMap<>())
            .put(change.key(), change.value());
      }
    }
  }

  @Override
  public StateSnapshot snapshot() {
    return StateSnapshot.ofUnmodifiedValues(namespaces);
  }

  /** How many keys are stored, over all namespaces. */
  public int size() {
    return namespaces.values().stream().mapToInt(Map::size).sum();
  }
}
