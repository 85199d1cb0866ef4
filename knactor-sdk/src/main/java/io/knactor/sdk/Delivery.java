package io.knactor.sdk;

import io.knactor.core.exchange.EventType;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;

/**
 * A pending call of a handler for one object.
 *
 * @param conflicts how many times in a row this call lost a write conflict
 * @param reread read the object from the exchange before the call (after a conflict, the watch may
 *     not have delivered the winning write yet)
 */
record Delivery(
    EventType type,
    StoredObject object,
    Event.Cause cause,
    int attempt,
    int conflicts,
    boolean reread) {

  static Delivery of(EventType type, StoredObject object, Event.Cause cause) {
    return new Delivery(type, object, cause, 1, 0, false);
  }

  ObjectKey key() {
    return object.key();
  }

  Delivery withObject(StoredObject current) {
    return new Delivery(type, current, cause, attempt, conflicts, false);
  }

  Delivery requeue() {
    return new Delivery(type, object, Event.Cause.REQUEUE, 1, 0, false);
  }

  Delivery retryAfterFailure() {
    return new Delivery(type, object, Event.Cause.RETRY, attempt + 1, 0, false);
  }

  Delivery retryAfterConflict() {
    return new Delivery(type, object, Event.Cause.RETRY, attempt + 1, conflicts + 1, true);
  }
}
