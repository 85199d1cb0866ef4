package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The committed state of one partition task: JSON values under string keys, grouped in namespaces
 * (one per stateful step, plus the task's own offset and watermark). The task reads through it and
 * writes only by {@link #apply} of a committed {@link Step}'s changes, so the store always holds
 * the state as of the task's committed offset.
 *
 * <p>Keys order as {@link String#compareTo}. Values handed in and out are never modified by the
 * task. A store is used by one task at a time; it need not be thread-safe.
 */
public interface StateStore {
  /** The value under {@code key}, or null. */
  JsonNode get(String namespace, String key);

  /**
   * The entries with {@code from <= key < to} in key order; {@code to == null} reads to the end of
   * the namespace.
   */
  List<Map.Entry<String, JsonNode>> scan(String namespace, String from, String to);

  /** Applies every change, atomically with respect to readers of this store. */
  void apply(StateChanges changes);

  /** A copy of everything stored, to move the partition to another instance. */
  StateSnapshot snapshot();
}
