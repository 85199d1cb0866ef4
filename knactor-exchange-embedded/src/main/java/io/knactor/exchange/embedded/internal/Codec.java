package io.knactor.exchange.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.model.ObjectKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte layout of RocksDB values. A current object is {@code version, labels, data}; a change
 * (one change log entry, and one history entry) is {@code objectKey, type, version, principal,
 * time, labels, annotations, data}. Strings are length-prefixed UTF-8; data is JSON and comes last.
 */
public final class Codec {
  /**
   * Reads stored data. It was checked against the document limits when written, so the parser's own
   * limits (larger) never refuse it.
   */
  private static final ObjectMapper STORED = new ObjectMapper();

  private static final EventType[] TYPES = EventType.values();

  private Codec() {}

  /** Parses JSON that is known to be an object (stored data, or a request already serialized). */
  public static ObjectNode parseData(byte[] bytes, int offset, int length) {
    try {
      JsonNode node = STORED.readTree(bytes, offset, length);
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UnavailableException("stored JSON is unreadable: " + e.getMessage(), e);
    }
  }

  public static byte[] encodeCurrent(long version, Map<String, String> labels, byte[] data) {
    Out out = new Out(data.length + 64);
    out.putLong(version);
    out.putMap(labels);
    out.put(data);
    return out.toArray();
  }

  public static Current decodeCurrent(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long version = in.getLong();
    Map<String, String> labels = getMap(in);
    return new Current(version, labels, Arrays.copyOfRange(bytes, in.position(), bytes.length));
  }

  public static byte[] encodeChange(Change change) {
    byte[] key = change.keyBytes();
    Out out = new Out(change.dataBytes().length + key.length + 128);
    out.putInt(key.length);
    out.put(key);
    out.putByte((byte) change.type().ordinal());
    out.putLong(change.version());
    out.putString(change.principal());
    out.putLong(change.time().getEpochSecond());
    out.putInt(change.time().getNano());
    out.putMap(change.labels());
    out.putMap(change.annotations());
    out.put(change.dataBytes());
    return out.toArray();
  }

  /** The object key of an encoded change, read without decoding the rest. */
  public static byte[] changeObjectKey(byte[] bytes) {
    int length = ByteBuffer.wrap(bytes).getInt();
    return Arrays.copyOfRange(bytes, Integer.BYTES, Integer.BYTES + length);
  }

  public static Change decodeChange(byte[] bytes, ObjectKey knownKey) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte[] keyBytes = new byte[in.getInt()];
    in.get(keyBytes);
    ObjectKey key = knownKey != null ? knownKey : Keys.decodeObject(keyBytes, null);
    EventType type = TYPES[in.get()];
    long version = in.getLong();
    String principal = getString(in);
    Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
    Map<String, String> labels = getMap(in);
    Map<String, String> annotations = getMap(in);
    int dataOffset = in.position();
    ObjectNode data = parseData(bytes, dataOffset, bytes.length - dataOffset);
    byte[] dataBytes = Arrays.copyOfRange(bytes, dataOffset, bytes.length);
    return new Change(
        key, keyBytes, type, version, principal, time, labels, data, dataBytes, annotations);
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static Map<String, String> getMap(ByteBuffer in) {
    int size = in.getInt();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(getString(in), getString(in));
    }
    return map;
  }

  /** A growable byte buffer; only what the layouts above need. */
  private static final class Out {
    private byte[] bytes;
    private int size;

    Out(int capacity) {
      bytes = new byte[capacity];
    }

    void putByte(byte value) {
      ensure(1);
      bytes[size++] = value;
    }

    void putInt(int value) {
      ensure(Integer.BYTES);
      ByteBuffer.wrap(bytes, size, Integer.BYTES).putInt(value);
      size += Integer.BYTES;
    }

    void putLong(long value) {
      ensure(Long.BYTES);
      ByteBuffer.wrap(bytes, size, Long.BYTES).putLong(value);
      size += Long.BYTES;
    }

    void put(byte[] value) {
      ensure(value.length);
      System.arraycopy(value, 0, bytes, size, value.length);
      size += value.length;
    }

    void putString(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      putInt(utf8.length);
      put(utf8);
    }

    void putMap(Map<String, String> map) {
      putInt(map.size());
      for (Map.Entry<String, String> entry : map.entrySet()) {
        putString(entry.getKey());
        putString(entry.getValue());
      }
    }

    byte[] toArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
