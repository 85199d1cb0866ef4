package io.knactor.exchange.embedded.internal;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte layout of RocksDB keys. Object keys are {@code store \0 kind \0 name} so that the
 * bytewise order is store, then kind, then name, and a store or a store plus kind is a prefix.
 * Names never contain {@code \0}. Versions are 8 bytes big-endian so the change log sorts by
 * version.
 */
public final class Keys {
  private static final byte SEPARATOR = 0;

  private Keys() {}

  public static byte[] object(ObjectKey key) {
    return utf8(key.store() + "\0" + key.kind() + "\0" + key.name());
  }

  public static byte[] storePrefix(StoreRef store) {
    return utf8(store + "\0");
  }

  public static byte[] kindPrefix(StoreRef store, String kind) {
    return utf8(store + "\0" + kind + "\0");
  }

  /** Decodes {@link #object}; {@code store} is passed when the caller already knows it. */
  public static ObjectKey decodeObject(byte[] bytes, StoreRef store) {
    int first = indexOf(bytes, 0);
    int second = indexOf(bytes, first + 1);
    StoreRef ref = store != null ? store : StoreRef.parse(string(bytes, 0, first));
    return new ObjectKey(
        ref, string(bytes, first + 1, second), string(bytes, second + 1, bytes.length));
  }

  public static byte[] version(long version) {
    return ByteBuffer.allocate(Long.BYTES).putLong(version).array();
  }

  public static long decodeVersion(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, Long.BYTES).getLong();
  }

  /** The key of the history index of an object; every history entry of it extends this key. */
  public static byte[] historyPrefix(byte[] objectKey) {
    byte[] prefix = Arrays.copyOf(objectKey, objectKey.length + 1);
    prefix[objectKey.length] = SEPARATOR;
    return prefix;
  }

  public static byte[] history(byte[] objectKey, long version) {
    return ByteBuffer.allocate(objectKey.length + 1 + Long.BYTES)
        .put(objectKey)
        .put(SEPARATOR)
        .putLong(version)
        .array();
  }

  public static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The first key after every key starting with {@code prefix}, for an iterator upper bound. */
  public static byte[] successor(byte[] prefix) {
    byte[] next = prefix.clone();
    for (int i = next.length - 1; i >= 0; i--) {
      if (next[i] != (byte) 0xFF) {
        next[i]++;
        return Arrays.copyOf(next, i + 1);
      }
    }
    throw new IllegalArgumentException("a prefix of 0xFF bytes has no successor");
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == SEPARATOR) {
        return i;
      }
    }
    throw new IllegalStateException("corrupt object key: missing separator");
  }
}
