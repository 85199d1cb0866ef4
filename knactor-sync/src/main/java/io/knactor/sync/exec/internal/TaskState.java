package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.sync.exec.StateChanges;
import io.knactor.sync.exec.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state of a task during one step: the committed store with the step's uncommitted writes on
 * top. Reads see the writes; {@link #changes()} lists them for the caller to commit.
 */
public final class TaskState {
  private final StateStore store;

  /** Written keys by namespace; a null value is a deletion. */
  private final TreeMap<String, TreeMap<String, JsonNode>> writes = new TreeMap<>();

  public TaskState(StateStore store) {
    this.store = store;
  }

  public JsonNode get(String namespace, String key) {
    TreeMap<String, JsonNode> written = writes.get(namespace);
    if (written != null && written.containsKey(key)) {
      return written.get(key);
    }
    return store.get(namespace, key);
  }

  public void put(String namespace, String key, JsonNode value) {
    writes.computeIfAbsent(namespace, ns -> new TreeMap<>()).put(key, value);
  }

  public void delete(String namespace, String key) {
    writes.computeIfAbsent(namespace, ns -> new TreeMap<>()).put(key, null);
  }

  public List<Map.Entry<String, JsonNode>> scan(String namespace, String from, String to) {
    List<Map.Entry<String, JsonNode>> committed = store.scan(namespace, from, to);
    TreeMap<String, JsonNode> written = writes.get(namespace);
    if (written == null) {
      return committed;
    }
    NavigableMap<String, JsonNode> range =
        to == null ? written.tailMap(from, true) : written.subMap(from, true, to, false);
    if (range.isEmpty()) {
      return committed;
    }
    TreeMap<String, JsonNode> merged = new TreeMap<>();
    committed.forEach(e -> merged.put(e.getKey(), e.getValue()));
    range.forEach(
        (k, v) -> {
          if (v == null) {
            merged.remove(k);
          } else {
            merged.put(k, v);
          }
        });
    return new ArrayList<>(merged.entrySet());
  }

  /** The writes since the last {@link #clear()}, in namespace and key order. */
  public StateChanges changes() {
    List<StateChanges.Change> out = new ArrayList<>();
    writes.forEach(
        (ns, entries) -> entries.forEach((k, v) -> out.add(new StateChanges.Change(ns, k, v))));
    return new StateChanges(out);
  }

  /** Forgets the writes: after they were committed to the store, or to abandon them. */
  public void clear() {
    writes.clear();
  }
}
