package io.knactor.core.exchange;

import io.knactor.core.model.StoredObject;

/**
 * One change. {@code object} is the object after the change; for DELETED, its last state carrying
 * the deletion's resourceVersion.
 */
public record WatchEvent(EventType type, StoredObject object) {
  public long resourceVersion() {
    return object.resourceVersion();
  }
}
