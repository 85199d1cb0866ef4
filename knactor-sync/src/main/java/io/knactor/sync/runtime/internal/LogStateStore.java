package io.knactor.sync.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogTransaction;
import io.knactor.core.log.StateEntry;
import io.knactor.sync.exec.InMemoryStateStore;
import io.knactor.sync.exec.StateChanges;
import io.knactor.sync.exec.StateSnapshot;
import io.knactor.sync.exec.StateStore;
import io.knactor.sync.runtime.TaskId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partition task's state kept in the log exchange's keyed state of the Sync's subscriber, under
 * {@code STORE#PARTITION#NAMESPACE<US>KEY} with the value wrapped as {@code {"v": value}}. Opening
 * it reads the partition's committed state once ({@code scanState}); after that the task reads a
 * copy in memory. Writes reach the exchange only through {@link #write}, inside the transaction
 * that also commits the outputs and the offset; {@link #apply} then updates the copy.
 */
public final class LogStateStore implements StateStore {
  private static final char SEPARATOR = '\u001f';
  private static final String VALUE = "v";

  private final String prefix;
  private final InMemoryStateStore memory;

  private LogStateStore(String prefix, InMemoryStateStore memory) {
    this.prefix = prefix;
    this.memory = memory;
  }

  /** Loads the committed state of {@code task} from {@code subscriber}'s keyed state. */
  public static LogStateStore load(LogExchange logs, String subscriber, TaskId task) {
    String prefix = task.source().store() + "#" + task.partition() + "#";
    Map<String, Map<String, JsonNode>> namespaces = new TreeMap<>();
    for (StateEntry entry : logs.scanState(subscriber, prefix)) {
      String rest = entry.key().substring(prefix.length());
      int cut = rest.indexOf(SEPARATOR);
      if (cut < 0) {
        throw new IllegalStateException("malformed sync state key '" + entry.key() + "'");
      }
      namespaces
          .computeIfAbsent(rest.substring(0, cut), ns -> new TreeMap<>())
          .put(rest.substring(cut + 1), entry.value().get(VALUE));
    }
    return new LogStateStore(prefix, InMemoryStateStore.restore(new StateSnapshot(namespaces)));
  }

  /** Adds {@code changes} to {@code tx} as state writes of {@code subscriber}. */
  public void write(LogTransaction tx, String subscriber, StateChanges changes) {
    for (StateChanges.Change change : changes.changes()) {
      String key = prefix + change.namespace() + SEPARATOR + change.key();
      if (change.deleted()) {
        tx.deleteState(subscriber, key);
      } else {
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set(VALUE, change.value());
        tx.putState(subscriber, key, wrapped);
      }
    }
  }

  @Override
  public JsonNode get(String namespace, String key) {
    return memory.get(namespace, key);
  }

  @Override
  public List<Map.Entry<String, JsonNode>> scan(String namespace, String from, String to) {
    return memory.scan(namespace, from, to);
  }

  /** Records changes the caller already committed to the exchange (see {@link #write}). */
  @Override
  public void apply(StateChanges changes) {
    memory.apply(changes);
  }

  @Override
  public StateSnapshot snapshot() {
    return memory.snapshot();
  }
}
