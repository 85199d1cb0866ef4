package io.knactor.exchange.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.time.Instant;
import java.util.Map;

/**
 * One committed change: an entry of the change log and of the object's history. For DELETED, the
 * labels and data are the object's last state.
 */
public record Change(
    ObjectKey key,
    byte[] keyBytes,
    EventType type,
    long version,
    String principal,
    Instant time,
    Map<String, String> labels,
    ObjectNode data,
    byte[] dataBytes,
    Map<String, String> annotations) {

  public Change {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public StoredObject object() {
    return new StoredObject(key, labels, version, data);
  }

  public WatchEvent event() {
    return new WatchEvent(type, object());
  }

  public ObjectRevision revision() {
    return new ObjectRevision(version, type, principal, time, labels, data, annotations);
  }
}
