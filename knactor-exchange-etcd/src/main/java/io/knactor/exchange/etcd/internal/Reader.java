package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.etcd.internal.Records.Current;
import io.knactor.exchange.etcd.internal.Records.Entry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an exchange's keys. Each method reads at one etcd revision (a txn of ranges), so what it
 * returns is a consistent snapshot; reads are linearizable. Thread-safe.
 */
public final class Reader {
  /** The exchange version as of a revision, and where that revision sits. */
  public record Counter(long value, long modRevision, long createRevision, long headerRevision) {}

  /** What a commit needs to know, all as of one revision. */
  public record State(
      Counter counter, Map<ObjectKey, Current> currents, Map<ObjectKey, List<Long>> histories) {}

  private final EtcdClient client;
  private final Layout layout;

  public Reader(EtcdClient client, Layout layout) {
    this.client = client;
    this.layout = layout;
  }

  public Optional<StoredObject> get(ObjectKey key) {
    JsonNode kvs = client.read("/v3/kv/range", Layout.range(layout.object(key), false)).path("kvs");
    if (kvs.isEmpty()) {
      return Optional.empty();
    }
    Current current = Records.decodeCurrent(value(kvs.get(0)));
    return Optional.of(new StoredObject(key, current.labels(), current.version(), current.data()));
  }

  /** The matching objects and the version, at {@code revision} (0: the latest). */
  public ObjectList list(ListRequest request, long revision) {
    JsonNode responses =
        readTxn(
            revision,
            Layout.range(layout.counter(), false),
            Layout.range(layout.objects(request.store(), request.kind()), true));
    long version = counter(responses.get(0)).value();
    List<StoredObject> items = new ArrayList<>();
    for (JsonNode kv : kvs(responses.get(1))) {
      String key = Layout.text(kv.path("key").asText());
      String[] path = key.substring(layout.objects(request.store(), null).length()).split("/");
      Current current = Records.decodeCurrent(value(kv));
      if (current.labels().entrySet().containsAll(request.labelSelector().entrySet())) {
        ObjectKey objectKey = new ObjectKey(request.store(), path[0], path[1]);
        items.add(new StoredObject(objectKey, current.labels(), current.version(), current.data()));
      }
    }
    return new ObjectList(items, version);
  }

  /** The exchange version at {@code revision} (0: the latest). */
  public Counter counter(long revision) {
    ObjectNode range = Layout.range(layout.counter(), false);
    if (revision > 0) {
      range.put("revision", revision);
    }
    JsonNode response = client.read("/v3/kv/range", range);
    Counter counter = counter(response);
    return new Counter(
        counter.value(),
        counter.modRevision(),
        counter.createRevision(),
        response.path("header").path("revision").asLong());
  }

  /** The retained versions of an object, oldest first. */
  public List<Entry> history(ObjectKey key) {
    JsonNode response = client.read("/v3/kv/range", Layout.range(layout.history(key), true));
    List<Entry> entries = new ArrayList<>();
    for (JsonNode kv : response.path("kvs")) {
      entries.add(Records.decodeEntry(key, value(kv)));
    }
    return entries;
  }

  /**
   * The history entry of {@code key} at {@code version}, as of etcd revision {@code revision}.
   *
   * @throws EtcdClient.CompactedException when the revision is compacted
   */
  public Optional<Entry> entryAt(ObjectKey key, long version, long revision) {
    ObjectNode range = Layout.range(layout.history(key, version), false).put("revision", revision);
    JsonNode kvs = client.read("/v3/kv/range", range).path("kvs");
    return kvs.isEmpty()
        ? Optional.empty()
        : Optional.of(Records.decodeEntry(key, value(kvs.get(0))));
  }

  /** The counter, and the current state and retained history versions of {@code keys}. */
  public State readForCommit(Collection<ObjectKey> keys) {
    List<ObjectNode> ranges = new ArrayList<>();
    ranges.add(Layout.range(layout.counter(), false));
    for (ObjectKey key : keys) {
      ranges.add(Layout.range(layout.object(key), false));
      ranges.add(Layout.range(layout.history(key), true).put("keys_only", true));
    }
    JsonNode responses = readTxn(0, ranges.toArray(ObjectNode[]::new));
    Map<ObjectKey, Current> currents = new HashMap<>();
    Map<ObjectKey, List<Long>> histories = new HashMap<>();
    int index = 1;
    for (ObjectKey key : keys) {
      JsonNode object = kvs(responses.get(index++));
      if (!object.isEmpty()) {
        currents.put(key, Records.decodeCurrent(value(object.get(0))));
      }
      List<Long> versions = new ArrayList<>();
      for (JsonNode kv : kvs(responses.get(index++))) {
        String historyKey = Layout.text(kv.path("key").asText());
        versions.add(Long.parseLong(historyKey.substring(historyKey.lastIndexOf('/') + 1)));
      }
      histories.put(key, versions);
    }
    Counter counter = counter(responses.get(0).path("response_range"));
    return new State(counter, currents, histories);
  }

  private JsonNode readTxn(long revision, ObjectNode... ranges) {
    ObjectNode txn = EtcdClient.MAPPER.createObjectNode();
    ArrayNode success = txn.putArray("success");
    for (ObjectNode range : ranges) {
      if (revision > 0) {
        range.put("revision", revision);
      }
      success.addObject().set("request_range", range);
    }
    return client.read("/v3/kv/txn", txn).path("responses");
  }

  private static JsonNode kvs(JsonNode txnResponse) {
    return txnResponse.path("response_range").path("kvs");
  }

  private static Counter counter(JsonNode rangeResponse) {
    JsonNode range =
        rangeResponse.has("response_range") ? rangeResponse.path("response_range") : rangeResponse;
    JsonNode kvs = range.path("kvs");
    if (kvs.isEmpty()) {
      return new Counter(0, 0, 0, 0);
    }
    JsonNode kv = kvs.get(0);
    return new Counter(
        Long.parseLong(Layout.text(kv.path("value").asText())),
        kv.path("mod_revision").asLong(),
        kv.path("create_revision").asLong(),
        0);
  }

  static byte[] value(JsonNode kv) {
    return Layout.bytes(kv.path("value").asText());
  }
}
