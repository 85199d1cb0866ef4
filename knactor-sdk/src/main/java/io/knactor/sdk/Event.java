package io.knactor.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.EventType;
import io.knactor.core.model.StoredObject;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Reconciler} is called for: an object of the own store, its latest known state and
 * how it changed. Made only by the runtime. Immutable.
 */
public final class Event {

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

  private final EventType type;
  private final StoredObject object;
  private final Cause cause;
  private final int attempt;

  Event(EventType type, StoredObject object, Cause cause, int attempt) {
    this.type = Objects.requireNonNull(type, "type");
    this.object = Objects.requireNonNull(object, "object");
    this.cause = Objects.requireNonNull(cause, "cause");
    this.attempt = attempt;
  }

  /**
   * ADDED, MODIFIED or DELETED, in the order the changes happened. Modifications that arrive while
   * an earlier modification of the object still waits for its call are merged into that call, with
   * the latest state. After a relist, the type describes the difference between what the handler
   * saw last and the current state.
   */
  public EventType type() {
    return type;
  }

  /**
   * The object; for DELETED, its last known state. Its data is shared, not copied: treat it as
   * read-only and {@code deepCopy()} it before changing it.
   */
  public StoredObject object() {
    return object;
  }

  public Cause cause() {
    return cause;
  }

  /**
   * 1 for the first call about this change; higher when it is retried after a failure or conflict.
   */
  public int attempt() {
    return attempt;
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

  @Override
  public String toString() {
    return type
        + " "
        + object.key()
        + "@"
        + object.resourceVersion()
        + " ("
        + cause
        + (attempt > 1 ? ", attempt " + attempt : "")
        + ")";
  }
}
