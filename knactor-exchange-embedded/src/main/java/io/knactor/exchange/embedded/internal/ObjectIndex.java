package io.knactor.exchange.embedded.internal;

import io.knactor.core.model.ObjectKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The writer's memory of committed objects: for recently written or read object keys, the current
 * state (or its absence) and the versions its history retains, so validating a write needs no
 * RocksDB read. Bounded by {@code maxBytes} (an estimate of the parsed data and the entry), least
 * recently used first out; a miss reads RocksDB. It holds only committed state: the writer puts a
 * group's effects in after RocksDB has accepted the group, and {@link #clear}s it when a write
 * fails. It starts empty when the exchange opens, so it is right after a restart by construction.
 * The writing leader only (one at a time, see GroupCommitLoop).
 */
final class ObjectIndex {
  /** What the writer knows of one object key: its current state, and its retained versions. */
  record Entry(Optional<Current> current, long[] history) {}

  private static final int ENTRY_OVERHEAD = 256;
  private static final int PARSED_FACTOR = 4;

  private final RocksStore store;
  private final long maxBytes;
  private final LinkedHashMap<ObjectKey, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  ObjectIndex(RocksStore store, long maxBytes) {
    this.store = store;
    this.maxBytes = maxBytes;
  }

  /** The committed state of {@code key}, read from RocksDB when not in memory. */
  Entry get(ObjectKey key, byte[] keyBytes) {
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = read(keyBytes);
      put(key, entry);
    }
    return entry;
  }

  /**
   * Records the state of {@code key}, with a private copy of its parsed data (a write's data is
   * handed to watchers and callers), so that the next merge patch of it needs no parse.
   */
  void put(ObjectKey key, Entry entry) {
    Entry lean = new Entry(entry.current().map(Current::withPrivateData), entry.history());
    bytes += size(lean) - size(entries.put(key, lean));
    Iterator<Map.Entry<ObjectKey, Entry>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= size(eldest.next().getValue());
      eldest.remove();
    }
  }

  /** Forgets everything, for when RocksDB's state is no longer known. */
  void clear() {
    entries.clear();
    bytes = 0;
  }

  int size() {
    return entries.size();
  }

  private Entry read(byte[] keyBytes) {
    return store.access(
        s -> {
          byte[] current = s.db().get(s.objects(), keyBytes);
          return new Entry(
              current == null ? Optional.empty() : Optional.of(Codec.decodeCurrent(current)),
              retainedVersions(s, keyBytes));
        });
  }

  /**
   * The versions the history of an object retains, oldest first, from the keys of its entries.
   * Databases written by earlier builds also hold a list of them under the bare prefix: ignored.
   */
  private static long[] retainedVersions(RocksStore s, byte[] keyBytes) throws RocksDBException {
    byte[] prefix = Keys.historyPrefix(keyBytes);
    int entryLength = prefix.length + Long.BYTES;
    long[] versions = new long[8];
    int count = 0;
    try (RocksIterator it = s.db().newIterator(s.history())) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] key = it.key();
        if (key.length == entryLength) {
          if (count == versions.length) {
            versions = Arrays.copyOf(versions, count * 2);
          }
          versions[count++] = Keys.decodeVersion(key, prefix.length);
        }
      }
      it.status();
    }
    return Arrays.copyOf(versions, count);
  }

  private static long size(Entry entry) {
    if (entry == null) {
      return 0;
    }
    long data = entry.current().map(c -> (long) c.dataBytes().length).orElse(0L);
    // A parsed tree takes a few times its serialized size.
    return ENTRY_OVERHEAD + PARSED_FACTOR * data + (long) entry.history().length * Long.BYTES;
  }
}
