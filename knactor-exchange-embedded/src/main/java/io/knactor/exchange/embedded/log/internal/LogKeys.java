package io.knactor.exchange.embedded.log.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The RocksDB keys of the log exchange, big-endian so that byte order is numeric order: a store is
 * known by a numeric id (never reused, so a deleted store's leftovers can never be read as a new
 * store's), records sort by store, partition and offset, so a partition is one contiguous key range
 * and retention trims it with one range delete.
 */
final class LogKeys {
  private LogKeys() {}

  /** {@code records}: store id, partition, offset. */
  static byte[] record(int store, int partition, long offset) {
    return ByteBuffer.allocate(16).putInt(store).putInt(partition).putLong(offset).array();
  }

  static long offsetOf(byte[] recordKey) {
    return ByteBuffer.wrap(recordKey, 8, 8).getLong();
  }

  /** {@code partitions}: store id, partition. */
  static byte[] partition(int store, int partition) {
    return ByteBuffer.allocate(8).putInt(store).putInt(partition).array();
  }

  /** The first key of every key family that starts with a store id, for range deletes. */
  static byte[] storeStart(int store) {
    return ByteBuffer.allocate(4).putInt(store).array();
  }

  /** {@code offsets}: store id, partition, subscriber. */
  static byte[] subscription(int store, int partition, String subscriber) {
    byte[] name = subscriber.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + name.length).putInt(store).putInt(partition).put(name).array();
  }

  /** {@code state}: subscriber (length-prefixed, so no subscriber is a prefix of another), key. */
  static byte[] state(String subscriber, String key) {
    byte[] name = subscriber.getBytes(StandardCharsets.UTF_8);
    byte[] suffix = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + name.length + suffix.length)
        .put((byte) name.length)
        .put(name)
        .put(suffix)
        .array();
  }

  /** The state key inside a {@link #state} key. */
  static String stateKeyOf(byte[] stateKey) {
    int skip = 1 + (stateKey[0] & 0xff);
    return new String(stateKey, skip, stateKey.length - skip, StandardCharsets.UTF_8);
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
