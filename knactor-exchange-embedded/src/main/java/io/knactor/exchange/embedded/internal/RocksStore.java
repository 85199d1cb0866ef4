package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database of one exchange and its column families, opened by name. The object
 * exchange's layout ({@link #open(Path, boolean)}): {@code objects} (current objects by object
 * key), {@code changes} (the change log by version), {@code history} (per-object versions) and
 * {@code meta} (the committed version and the first retained change). The log exchange opens its
 * own families with {@link #open(Path, boolean, String, List)}.
 *
 * <p>Thread-safe. Every access runs under a read lock and {@link #close} takes the write lock, so
 * native handles are never used after they are freed; after close every access throws an
 * UnavailableException.
 */
public final class RocksStore implements AutoCloseable {
  public static final byte[] META_VERSION = "version".getBytes(StandardCharsets.UTF_8);
  public static final byte[] META_FIRST_RETAINED = "firstRetained".getBytes(StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  /** One access to the database. */
  public interface Access<T> {
    T run(RocksStore store) throws RocksDBException;
  }

  private final Path dir;
  private final String what;
  private final List<String> families;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions writeOptions;
  private final List<ColumnFamilyHandle> handles;
  private final RocksDB db;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private RocksStore(
      Path dir,
      String what,
      List<String> families,
      DBOptions dbOptions,
      ColumnFamilyOptions cfOptions,
      WriteOptions writeOptions,
      List<ColumnFamilyHandle> handles,
      RocksDB db) {
    this.dir = dir;
    this.what = what;
    this.families = families;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.writeOptions = writeOptions;
    this.handles = handles;
    this.db = db;
  }

  /**
   * Opens or creates the database in {@code dir}, replaying its write-ahead log.
   *
   * @param sync fsync the write-ahead log on every write
   * @throws UnavailableException when the directory cannot be opened, e.g. it is already open
   */
  public static RocksStore open(Path dir, boolean sync) {
    return open(
        dir, sync, "object exchange", List.of("default", "objects", "changes", "history", "meta"));
  }

  /**
   * Opens or creates the database in {@code dir} with the column families {@code families} (the
   * first must be {@code default}), replaying its write-ahead log.
   *
   * @param what names the exchange in errors, e.g. "log exchange"
   * @throws UnavailableException when the directory cannot be opened, e.g. it is already open
   */
  public static RocksStore open(Path dir, boolean sync, String what, List<String> families) {
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(3);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : families) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      WriteOptions writeOptions = new WriteOptions().setSync(sync);
      return new RocksStore(
          dir, what, List.copyOf(families), dbOptions, cfOptions, writeOptions, handles, db);
    } catch (RocksDBException e) {
      cfOptions.close();
      dbOptions.close();
      throw new UnavailableException(
          "cannot open " + what + " at " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public RocksDB db() {
    return db;
  }

  /** The column family {@code name}, one of those the store was opened with. */
  public ColumnFamilyHandle family(String name) {
    int index = families.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no column family " + name + " in " + families);
    }
    return handles.get(index);
  }

  public ColumnFamilyHandle objects() {
    return handles.get(1);
  }

  public ColumnFamilyHandle changes() {
    return handles.get(2);
  }

  public ColumnFamilyHandle history() {
    return handles.get(3);
  }

  public ColumnFamilyHandle meta() {
    return handles.get(4);
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Runs {@code access} while the database is open.
   *
   * @throws UnavailableException when the store is closed or RocksDB fails
   */
  public <T> T access(Access<T> access) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw closedError();
      }
      return access.run(this);
    } catch (RocksDBException e) {
      throw new UnavailableException(what + " at " + dir + " failed: " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Writes {@code batch} atomically, with an fsync of the write-ahead log when configured. */
  public void write(WriteBatch batch) {
    access(
        store -> {
          db.write(writeOptions, batch);
          return null;
        });
  }

  /** Reads a long from the meta column family, at the latest state. */
  public long metaLong(byte[] name, long absent) {
    return access(store -> decodeLong(db.get(meta(), name), absent));
  }

  static long decodeLong(byte[] bytes, long absent) {
    return bytes == null ? absent : Keys.decodeVersion(bytes, 0);
  }

  public UnavailableException closedError() {
    return new UnavailableException(what + " at " + dir + " is closed");
  }

  /** Waits for accesses in flight, then frees every native handle. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (ColumnFamilyHandle handle : handles) {
        handle.close();
      }
      RocksDBException failure = null;
      try {
        db.closeE();
      } catch (RocksDBException e) {
        failure = e;
      }
      writeOptions.close();
      cfOptions.close();
      dbOptions.close();
      if (failure != null) {
        throw new UnavailableException(
            "closing " + what + " at " + dir + " failed: " + failure.getMessage(), failure);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
