package io.knactor.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One object as stored: its key, labels, the exchange-wide {@code resourceVersion} of its last
 * change and its data.
 *
 * <p>{@code data} is shared, not copied, so that a knactor in the server's JVM reads its store
 * without serialization: treat it as read-only and {@code deepCopy()} it before changing it.
 */
public record StoredObject(
    ObjectKey key, Map<String, String> labels, long resourceVersion, ObjectNode data) {
  public StoredObject {
    labels = Map.copyOf(labels);
  }

  public String kind() {
    return key.kind();
  }

  public String name() {
    return key.name();
  }

  public StoreRef store() {
    return key.store();
  }
}
