package io.knactor.core.log;

import java.nio.charset.StandardCharsets;

/**
 * Chooses a record's partition from its key, the same way on every backend and every client, for
 * the life of a store: {@code floorMod(fmix32(fnv1a32(utf8(key))), partitions)}, where fnv1a32 is
 * the 32-bit FNV-1a hash and fmix32 MurmurHash3's finalizer (which spreads keys that differ only in
 * their last characters).
 */
public final class LogPartitioner {
  private LogPartitioner() {}

  public static int partition(String key, int partitions) {
    return Math.floorMod(hash(key), partitions);
  }

  static int hash(String key) {
    int h = 0x811c9dc5;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
