package io.knactor.exchange.embedded.log.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.Retention;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of the log exchange's column families. A record is its event time (epoch
 * milliseconds), its key (length-prefixed UTF-8) and its value (JSON); its size in {@link
 * PartitionRange#bytes()} is this encoding's length.
 */
final class LogCodec {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private LogCodec() {}

  static byte[] record(long timeMillis, byte[] key, byte[] value) {
    return ByteBuffer.allocate(12 + key.length + value.length)
        .putLong(timeMillis)
        .putInt(key.length)
        .put(key)
        .put(value)
        .array();
  }

  static long timeMillis(byte[] record) {
    return ByteBuffer.wrap(record, 0, 8).getLong();
  }

  static StoredRecord decodeRecord(StoreRef store, int partition, long offset, byte[] record) {
    long time = (long) BIG_ENDIAN_LONG.get(record, 0);
    int keyLength = (int) BIG_ENDIAN_INT.get(record, 8);
    String key = new String(record, 12, keyLength, StandardCharsets.UTF_8);
    int valueStart = 12 + keyLength;
    ObjectNode value =
        Json.parseObject(record, valueStart, record.length - valueStart, "stored record");
    return new StoredRecord(store, partition, offset, key, Instant.ofEpochMilli(time), value);
  }

  static byte[] range(PartitionRange range) {
    return ByteBuffer.allocate(24)
        .putLong(range.start())
        .putLong(range.end())
        .putLong(range.bytes())
        .array();
  }

  static PartitionRange decodeRange(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new PartitionRange(buffer.getLong(), buffer.getLong(), buffer.getLong());
  }

  static byte[] subscription(Subscription subscription) {
    return ByteBuffer.allocate(16)
        .putLong(subscription.epoch())
        .putLong(subscription.committed())
        .array();
  }

  static Subscription decodeSubscription(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new Subscription(buffer.getLong(), buffer.getLong());
  }

  static byte[] longValue(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long decodeLong(byte[] bytes, long absent) {
    return bytes == null ? absent : ByteBuffer.wrap(bytes).getLong();
  }

  static byte[] store(int id, LogStoreSpec spec) {
    ObjectNode node = Json.object().put("id", id).put("kind", spec.kind());
    node.put("partitions", spec.partitions());
    Retention retention = spec.retention();
    if (retention.maxAge() != null) {
      node.put("maxAgeMillis", retention.maxAge().toMillis());
    }
    if (retention.maxBytes() != null) {
      node.put("maxBytes", retention.maxBytes());
    }
    ArrayNode readers = node.putArray("consumedBy");
    retention.consumedBy().forEach(readers::add);
    return Json.write(node);
  }

  static int storeId(byte[] bytes) {
    return Json.parseObject(Json.MAPPER, bytes, "log store").get("id").asInt();
  }

  static LogStoreSpec decodeStore(StoreRef store, byte[] bytes) {
    ObjectNode node = Json.parseObject(Json.MAPPER, bytes, "log store " + store);
    Set<String> readers = new TreeSet<>();
    node.get("consumedBy").forEach(reader -> readers.add(reader.asText()));
    Retention retention =
        new Retention(
            node.has("maxAgeMillis") ? Duration.ofMillis(node.get("maxAgeMillis").asLong()) : null,
            node.has("maxBytes") ? node.get("maxBytes").asLong() : null,
            readers);
    return new LogStoreSpec(
        store, node.get("kind").asText(), node.get("partitions").asInt(), retention);
  }
}
