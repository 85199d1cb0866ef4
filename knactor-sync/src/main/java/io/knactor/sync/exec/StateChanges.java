package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The state writes of one {@link Step}, in namespace and key order: what the caller commits
 * together with the step's outputs and offsets.
 */
public record StateChanges(List<Change> changes) {
  public StateChanges {
    changes = List.copyOf(changes);
  }

  /**
   * One write.
   *
   * @param value the new value, or null when the key is deleted
   */
  public record Change(String namespace, String key, JsonNode value) {
    public boolean deleted() {
      return value == null;
    }
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public int size() {
    return changes.size();
  }
}
