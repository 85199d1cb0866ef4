package io.knactor.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.EventType;
import io.knactor.core.model.StoredObject;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Reconciler} is called for: the object's latest known state and how it changed.
 *
 * @param type ADDED, MODIFIED or DELETED. After a relist, the type describes the difference between
 *     what the knactor saw last and the current state, so intermediate changes may be merged
 * @param object the object; for DELETED, its last known state. Its data is shared, not copied:
 *     treat it as read-only and {@code deepCopy()} it before changing it
 * @param cause why the handler is called
 * @param attempt 1 for the first call about this change; higher when it is retried after a failure
 *     or a conflict
 */
public record Event(EventType type, StoredObject object, Cause cause, int attempt) {

  /** Why a handler is called. */
  public enum Cause {
    /** The object was in the first list the knactor took when it started. */
    LIST,
    /** The object changed while the knactor was watching. */
    WATCH,
    /** The knactor listed its store again (its watch expired or fell behind) and found a change. */
    RELIST,
    /** The previous call for the object asked to be called again ({@link Result#requeueAfter}). */
    REQUEUE,
    /** The previous call for the object failed or lost a write conflict. */
    RETRY
  }

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(cause, "cause");
  }

  public String kind() {
    return object.kind();
  }

  public String name() {
    return object.name();
  }

  /** The object's data: shared and read-only. */
  public ObjectNode data() {
    return object.data();
  }

  public Map<String, String> labels() {
    return object.labels();
  }

  public long resourceVersion() {
    return object.resourceVersion();
  }

  public boolean isDeleted() {
    return type == EventType.DELETED;
  }
}
