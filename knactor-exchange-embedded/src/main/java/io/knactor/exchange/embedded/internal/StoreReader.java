package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/** The read side: objects, consistent lists, histories and the change log. Thread-safe. */
public final class StoreReader {
  private final RocksStore store;
  private final LogBounds bounds;

  public StoreReader(RocksStore store, LogBounds bounds) {
    this.store = store;
    this.bounds = bounds;
  }

  public Optional<StoredObject> get(ObjectKey key) {
    byte[] value = store.access(s -> s.db().get(s.objects(), Keys.object(key)));
    return value == null ? Optional.empty() : Optional.of(Codec.decodeCurrent(value).toObject(key));
  }

  /** Lists at one RocksDB snapshot and reads the committed version at that same snapshot. */
  public ObjectList list(ListRequest request) {
    byte[] prefix =
        request.kind() == null
            ? Keys.storePrefix(request.store())
            : Keys.kindPrefix(request.store(), request.kind());
    return store.access(
        s -> {
          Snapshot snapshot = s.db().getSnapshot();
          try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
            long version =
                RocksStore.decodeLong(s.db().get(s.meta(), options, RocksStore.META_VERSION), 0);
            List<StoredObject> items = new ArrayList<>();
            scan(
                s,
                options,
                s.objects(),
                prefix,
                (key, value) -> {
                  Current current = Codec.decodeCurrent(value);
                  if (matches(current.labels(), request.labelSelector())) {
                    items.add(current.toObject(Keys.decodeObject(key, request.store())));
                  }
                });
            return new ObjectList(items, version);
          } finally {
            s.db().releaseSnapshot(snapshot);
          }
        });
  }

  /** The retained versions of one object, oldest first; empty when nothing is retained. */
  public List<ObjectRevision> history(ObjectKey key) {
    byte[] prefix = Keys.historyPrefix(Keys.object(key));
    return store.access(
        s -> {
          List<ObjectRevision> revisions = new ArrayList<>();
          try (ReadOptions options = new ReadOptions()) {
            scan(
                s,
                options,
                s.history(),
                prefix,
                (entryKey, value) -> {
                  if (entryKey.length > prefix.length) {
                    revisions.add(Codec.decodeChange(value, key).revision());
                  }
                });
          }
          return revisions;
        });
  }

  /**
   * Reads up to {@code limit} change log entries after {@code after}, handing those accepted by
   * {@code filter} to {@code sink}, and returns the version of the last entry read ({@code after}
   * when there was none).
   *
   * @throws ExpiredException when the entry after {@code after} was trimmed from the log
   */
  public long readChanges(
      long after, int limit, KeyFilter filter, Consumer<WatchEvent> sink, String what) {
    return store.access(
        s -> {
          long last = after;
          try (RocksIterator it = s.db().newIterator(s.changes())) {
            it.seek(Keys.version(after + 1));
            for (int n = 0; n < limit && it.isValid(); n++, it.next()) {
              long version = Keys.decodeVersion(it.key(), 0);
              if (version != last + 1) {
                throw expired(after, what);
              }
              last = version;
              byte[] value = it.value();
              if (filter.accepts(Codec.changeObjectKey(value))) {
                sink.accept(Codec.decodeChange(value, null).event());
              }
            }
            it.status();
          }
          if (last == after && bounds.firstRetained() > after + 1) {
            throw expired(after, what);
          }
          return last;
        });
  }

  /** The error for a watch from a version whose next change is no longer retained. */
  public ExpiredException expired(long fromVersion, String what) {
    return new ExpiredException(
        what
            + " from resourceVersion "
            + fromVersion
            + " is too old: the change log of "
            + store.dir()
            + " keeps changes from version "
            + bounds.firstRetained()
            + "; list again and watch from the list's resourceVersion",
        "resourceVersion");
  }

  private interface Entry {
    void accept(byte[] key, byte[] value);
  }

  private static void scan(
      RocksStore s, ReadOptions options, ColumnFamilyHandle cf, byte[] prefix, Entry entry)
      throws RocksDBException {
    try (RocksIterator it = s.db().newIterator(cf, options)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        entry.accept(it.key(), it.value());
      }
      it.status();
    }
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    for (Map.Entry<String, String> wanted : selector.entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
