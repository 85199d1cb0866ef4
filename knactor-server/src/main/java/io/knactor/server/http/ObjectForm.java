package io.knactor.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.model.ObjectKey;
import io.knactor.sdk.http.WireFields;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST} and {@code PUT} on an object: the object form of docs/api.md. Members
 * that repeat the URL (kind, store, name) must agree with it.
 *
 * @param labels null when the body has none
 * @param resourceVersion -1 when absent
 */
record ObjectForm(Map<String, String> labels, long resourceVersion, ObjectNode data) {
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "data");
  private static final Set<String> METADATA = Set.of("store", "name", "labels", "resourceVersion");

  /**
   * @param key the object the URL names; its name is null for {@code POST} (taken from the body)
   * @throws InvalidInputException naming the member that is missing, unknown or disagrees
   */
  static Parsed parse(ObjectNode body, Target key) {
    onlyKnown(body, TOP, "");
    String kind = WireFields.text(body, "kind", "", false);
    if (kind != null && !kind.equals(key.kind())) {
      throw new InvalidInputException(
          "kind '" + kind + "' in the body differs from kind '" + key.kind() + "' in the URL",
          "kind");
    }
    ObjectNode metadata = WireFields.object(body, "metadata", "", key.name() == null);
    String name = key.name();
    Map<String, String> labels = null;
    long version = -1;
    if (metadata != null) {
      onlyKnown(metadata, METADATA, "metadata");
      String store = WireFields.text(metadata, "store", "metadata", false);
      if (store != null && !store.equals(key.store().toString())) {
        throw new InvalidInputException(
            "metadata.store '" + store + "' differs from store '" + key.store() + "' in the URL",
            "metadata.store");
      }
      String bodyName = WireFields.text(metadata, "name", "metadata", key.name() == null);
      if (key.name() != null && bodyName != null && !bodyName.equals(key.name())) {
        throw new InvalidInputException(
            "metadata.name '" + bodyName + "' differs from name '" + key.name() + "' in the URL",
            "metadata.name");
      }
      name = key.name() != null ? key.name() : bodyName;
      labels = WireFields.stringMap(metadata, "labels", "metadata");
      version = WireFields.version(metadata, "resourceVersion", "metadata");
    }
    ObjectNode data = WireFields.object(body, "data", "", true);
    ObjectKey objectKey;
    try {
      objectKey = new ObjectKey(key.store(), key.kind(), name);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.getMessage(), "metadata.name", e);
    }
    return new Parsed(objectKey, new ObjectForm(labels, version, data));
  }

  /** A parsed body and the object it names. */
  record Parsed(ObjectKey key, ObjectForm form) {}

  static void onlyKnown(ObjectNode node, Set<String> known, String parent) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        String path = WireFields.path(parent, name);
        throw new InvalidInputException(
            "unknown member '"
                + path
                + "' (expected "
                + String.join(", ", known.stream().sorted().toList())
                + ")",
            path);
      }
    }
  }
}
