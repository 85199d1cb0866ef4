package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire form of objects, lists, watch events and history (see docs/api.md):
 *
 * <pre>
 * {"kind":"Order","metadata":{"store":"A/v1/T/i","name":"o-17","labels":{},"resourceVersion":"42"},
 *  "data":{...}}
 * </pre>
 *
 * Encoding shares the object's data node rather than copying it; decoding refuses a wrong shape
 * with an {@link InvalidInputException} naming the member.
 */
public final class ObjectCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ObjectCodec() {}

  public static ObjectNode encode(StoredObject object) {
    ObjectNode node = NODES.objectNode();
    node.put("kind", object.kind());
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("store", object.store().toString());
    metadata.put("name", object.name());
    metadata.set("labels", stringMap(object.labels()));
    metadata.put("resourceVersion", Long.toString(object.resourceVersion()));
    node.set("data", object.data());
    return node;
  }

  /** Decodes an object as answered by the server: every member present. */
  public static StoredObject decode(JsonNode json, String where) {
    ObjectNode node = asObject(json, where);
    ObjectNode metadata = WireFields.object(node, "metadata", where, true);
    String metadataPath = WireFields.path(where, "metadata");
    ObjectKey key =
        new ObjectKey(
            StoreRef.parse(WireFields.text(metadata, "store", metadataPath, true)),
            WireFields.text(node, "kind", where, true),
            WireFields.text(metadata, "name", metadataPath, true));
    Map<String, String> labels = WireFields.stringMap(metadata, "labels", metadataPath);
    long version = WireFields.version(metadata, "resourceVersion", metadataPath);
    if (version < 0) {
      throw WireFields.missing(WireFields.path(metadataPath, "resourceVersion"));
    }
    return new StoredObject(
        key,
        labels == null ? Map.of() : labels,
        version,
        WireFields.object(node, "data", where, true));
  }

  public static ObjectNode encodeList(ObjectList list) {
    ObjectNode node = NODES.objectNode();
    node.put("kind", "List");
    node.put("resourceVersion", Long.toString(list.resourceVersion()));
    ArrayNode items = node.putArray("items");
    list.items().forEach(item -> items.add(encode(item)));
    return node;
  }

  public static ObjectList decodeList(ObjectNode node) {
    List<StoredObject> items = new ArrayList<>();
    JsonNode array = node.path("items");
    for (int i = 0; i < array.size(); i++) {
      items.add(decode(array.get(i), "items[" + i + "]"));
    }
    return new ObjectList(items, WireFields.version(node, "resourceVersion", ""));
  }

  public static ObjectNode encodeEvent(WatchEvent event) {
    ObjectNode node = NODES.objectNode();
    node.put("type", event.type().name());
    node.set("object", encode(event.object()));
    return node;
  }

  /** A keep-alive line carrying the version of the last event delivered. */
  public static ObjectNode encodeBookmark(long resourceVersion) {
    ObjectNode node = NODES.objectNode();
    node.put("type", "BOOKMARK");
    node.putObject("object")
        .putObject("metadata")
        .put("resourceVersion", Long.toString(resourceVersion));
    return node;
  }

  /** The final line of a watch stream that ends in an error. */
  public static ObjectNode encodeError(ObjectNode status) {
    ObjectNode node = NODES.objectNode();
    node.put("type", "ERROR");
    node.set("object", status);
    return node;
  }

  /** Decodes an ADDED, MODIFIED or DELETED event line. */
  public static WatchEvent decodeEvent(String type, JsonNode object) {
    return new WatchEvent(EventType.valueOf(type), decode(object, "object"));
  }

  public static ObjectNode encodeHistory(List<ObjectRevision> revisions) {
    ObjectNode node = NODES.objectNode();
    node.put("kind", "History");
    ArrayNode items = node.putArray("items");
    for (ObjectRevision revision : revisions) {
      ObjectNode item = items.addObject();
      item.put("resourceVersion", Long.toString(revision.resourceVersion()));
      item.put("type", revision.type().name());
      item.put("principal", revision.principal());
      item.put("time", revision.time().toString());
      item.set("labels", stringMap(revision.labels()));
      item.set("data", revision.data());
      item.set("annotations", stringMap(revision.annotations()));
    }
    return node;
  }

  public static List<ObjectRevision> decodeHistory(ObjectNode node) {
    List<ObjectRevision> out = new ArrayList<>();
    JsonNode array = node.path("items");
    for (int i = 0; i < array.size(); i++) {
      String where = "items[" + i + "]";
      ObjectNode item = asObject(array.get(i), where);
      Map<String, String> labels = WireFields.stringMap(item, "labels", where);
      Map<String, String> annotations = WireFields.stringMap(item, "annotations", where);
      out.add(
          new ObjectRevision(
              WireFields.version(item, "resourceVersion", where),
              EventType.valueOf(WireFields.text(item, "type", where, true)),
              WireFields.text(item, "principal", where, true),
              instant(WireFields.text(item, "time", where, true), where + ".time"),
              labels == null ? Map.of() : labels,
              WireFields.object(item, "data", where, false),
              annotations == null ? Map.of() : annotations));
    }
    return out;
  }

  static ObjectNode stringMap(Map<String, String> map) {
    ObjectNode node = NODES.objectNode();
    map.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> node.put(e.getKey(), e.getValue()));
    return node;
  }

  private static ObjectNode asObject(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(where + " must be an object", where);
    }
    return (ObjectNode) node;
  }

  private static Instant instant(String text, String where) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(where + " is not an ISO-8601 instant: " + text, where, e);
    }
  }
}
