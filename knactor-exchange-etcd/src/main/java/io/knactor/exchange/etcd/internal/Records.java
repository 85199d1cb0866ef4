package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON values kept in etcd: a current object {@code {version, labels, data}} and a history
 * entry {@code {version, type, principal, time, labels, annotations, data, commit}}, where {@code
 * commit} identifies the write txn, so a writer whose connection broke can tell whether its txn was
 * applied.
 */
public final class Records {
  private Records() {}

  /** The current state of an object. */
  public record Current(long version, Map<String, String> labels, ObjectNode data) {}

  /** One retained version of an object. */
  public record Entry(
      ObjectKey key,
      long version,
      EventType type,
      String principal,
      Instant time,
      Map<String, String> labels,
      Map<String, String> annotations,
      ObjectNode data,
      String commit) {

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

  public static byte[] encodeCurrent(long version, Map<String, String> labels, ObjectNode data) {
    ObjectNode node = EtcdClient.MAPPER.createObjectNode().put("version", version);
    node.set("labels", map(labels));
    node.set("data", data);
    return write(node);
  }

  public static Current decodeCurrent(byte[] bytes) {
    JsonNode node = read(bytes);
    return new Current(
        node.path("version").asLong(), labels(node.path("labels")), (ObjectNode) node.get("data"));
  }

  public static byte[] encodeEntry(Entry entry) {
    ObjectNode node =
        EtcdClient.MAPPER
            .createObjectNode()
            .put("version", entry.version())
            .put("type", entry.type().name())
            .put("principal", entry.principal())
            .put("time", entry.time().toString());
    node.set("labels", map(entry.labels()));
    node.set("annotations", map(entry.annotations()));
    node.set("data", entry.data());
    node.put("commit", entry.commit());
    return write(node);
  }

  public static Entry decodeEntry(ObjectKey key, byte[] bytes) {
    JsonNode node = read(bytes);
    return new Entry(
        key,
        node.path("version").asLong(),
        EventType.valueOf(node.path("type").asText()),
        node.path("principal").asText(),
        Instant.parse(node.path("time").asText()),
        labels(node.path("labels")),
        labels(node.path("annotations")),
        (ObjectNode) node.get("data"),
        node.path("commit").asText());
  }

  /**
   * A private copy of {@code data} as a later read will return it (parsed back from its bytes), so
   * the caller can no longer change what was stored and what a commit answers equals what a get
   * answers.
   */
  public static ObjectNode canonical(ObjectNode data) {
    return (ObjectNode) read(write(data));
  }

  private static ObjectNode map(Map<String, String> map) {
    ObjectNode node = EtcdClient.MAPPER.createObjectNode();
    map.forEach(node::put);
    return node;
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
    return map;
  }

  private static byte[] write(ObjectNode node) {
    try {
      return EtcdClient.MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static JsonNode read(byte[] bytes) {
    try {
      return EtcdClient.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UnavailableException("a value in etcd is unreadable: " + e.getMessage(), e);
    }
  }
}
