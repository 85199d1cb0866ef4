package io.knactor.exchange.embedded;

import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.embedded.internal.CommitWriter;
import io.knactor.exchange.embedded.internal.EmbeddedWatch;
import io.knactor.exchange.embedded.internal.EventRing;
import io.knactor.exchange.embedded.internal.LogBounds;
import io.knactor.exchange.embedded.internal.PreparedBatch;
import io.knactor.exchange.embedded.internal.RocksStore;
import io.knactor.exchange.embedded.internal.StoreReader;
import io.knactor.exchange.embedded.internal.WatchHub;
import io.knactor.exchange.embedded.internal.WriteGate;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded object exchange: one process, RocksDB in a local directory, nothing to install.
 * Column families hold the current objects, the change log (by version), each object's bounded
 * history and the committed version.
 *
 * <p>Threading. Commits are group-committed by their callers (leader/follower, {@link
 * io.knactor.exchange.embedded.internal.GroupCommitLoop}): callers of {@link #commit} check and
 * serialize their batch on their own thread; one that finds no group in progress writes its own (so
 * a lone writer pays no thread hand-off), the others queue and wait, and the next leader takes all
 * pending batches as one group, validates each (a failing batch fails alone), writes the group as
 * one RocksDB WriteBatch with a single WAL fsync, then appends the events to an in-memory ring of
 * the latest changes and completes the callers. {@link #get}, {@link #list} and {@link #history}
 * read RocksDB on the caller's thread ({@code list} at a RocksDB snapshot). A {@link Watch} reads
 * the ring, or the change log for versions the ring no longer holds, on the thread that polls it,
 * with its own cursor; a second thread owned by the exchange, {@code
 * knactor-embedded-watch-dispatcher}, wakes the watches parked in a poll when a change for them
 * arrives. A committer never waits for a watcher. All methods are thread-safe; {@link #close} may
 * be called from any thread.
 *
 * <p>Durability. With {@link EmbeddedOptions#syncWrites()} (the default) a commit is acknowledged
 * only after its WAL fsync, so it survives kill -9 and machine crashes; reopening the directory
 * recovers every acknowledged write and the version counter.
 */
public final class EmbeddedObjectExchange implements ObjectExchange {
  /** How many of the latest events the watch ring holds, at most. */
  static final int RING_EVENTS = 8192;

  /** How much serialized data the watch ring holds, at most. */
  static final long RING_BYTES = 64L * 1024 * 1024;

  /** How much memory the writer's index of committed objects may use. */
  static final long INDEX_BYTES = 64L * 1024 * 1024;

  private final EmbeddedOptions options;
  private final RocksStore store;
  private final LogBounds bounds;
  private final StoreReader reader;
  private final WatchHub hub;
  private final CommitWriter writer;
  private final WriteGate gate;

  private EmbeddedObjectExchange(
      EmbeddedOptions options, RocksStore store, int ringEvents, long ringBytes, long indexBytes) {
    this.options = options;
    this.store = store;
    this.bounds =
        new LogBounds(
            store.metaLong(RocksStore.META_VERSION, 0),
            store.metaLong(RocksStore.META_FIRST_RETAINED, 1));
    this.reader = new StoreReader(store, bounds);
    this.hub =
        new WatchHub(
            new EventRing(ringEvents, ringBytes, bounds.committed()),
            "knactor-embedded-watch-dispatcher " + store.dir());
    this.writer =
        new CommitWriter(
            store, bounds, hub, options.changeLogRetention(), options.historyLimit(), indexBytes);
    this.gate = new WriteGate(store::closedError);
  }

  /** Opens or creates the exchange in {@code dir} with {@link EmbeddedOptions#defaults()}. */
  public static EmbeddedObjectExchange open(Path dir) {
    return open(dir, EmbeddedOptions.defaults());
  }

  /**
   * Opens or creates the exchange in {@code dir}, recovering every acknowledged write.
   *
   * @throws UnavailableException when the directory cannot be created or is already open
   */
  public static EmbeddedObjectExchange open(Path dir, EmbeddedOptions options) {
    return open(dir, options, RING_EVENTS, RING_BYTES, INDEX_BYTES);
  }

  /** Like {@link #open(Path, EmbeddedOptions)} with the sizes of the in-memory structures. */
  static EmbeddedObjectExchange open(
      Path dir, EmbeddedOptions options, int ringEvents, long ringBytes, long indexBytes) {
    WriteGate.createDirectory(dir, "object exchange");
    return new EmbeddedObjectExchange(
        options, RocksStore.open(dir, options.syncWrites()), ringEvents, ringBytes, indexBytes);
  }

  public Path directory() {
    return store.dir();
  }

  public EmbeddedOptions options() {
    return options;
  }

  public CommitStats stats() {
    return new CommitStats(writer.batchesCommitted(), writer.groupsWritten());
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return reader.get(key);
  }

  @Override
  public ObjectList list(ListRequest request) {
    return reader.list(request);
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    PreparedBatch prepared = PreparedBatch.of(batch);
    return gate.call(() -> writer.submit(prepared));
  }

  /**
   * Watches from {@code request.fromVersion()}: older changes come from the change log, newer ones
   * live.
   *
   * @throws io.knactor.core.error.ExpiredException when the change log no longer holds the change
   *     after {@code fromVersion}
   */
  @Override
  public Watch watch(WatchRequest request) {
    EmbeddedWatch watch = new EmbeddedWatch(request, reader, hub);
    if (request.fromVersion() + 1 < bounds.firstRetained()) {
      throw reader.expired(request.fromVersion(), watch.description());
    }
    hub.register(watch, store::closedError);
    return watch;
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    List<ObjectRevision> history = reader.history(key);
    if (history.isEmpty()) {
      throw new NotFoundException("no history retained for object " + key, "metadata.name");
    }
    return history;
  }

  @Override
  public long currentVersion() {
    if (store.isClosed()) {
      throw store.closedError();
    }
    return bounds.committed();
  }

  /**
   * Drops the change log up to and including {@code throughVersion} (capped at the current
   * version), as retention does on its own: afterwards a watch from a version below {@code
   * throughVersion} fails with ExpiredException, while one from {@code throughVersion} or later
   * still works. For operations and tests.
   */
  public void trimChangeLog(long throughVersion) {
    gate.call(() -> writer.trim(throughVersion));
  }

  /** Waits for the commits under way, refuses later ones, ends every watch, closes RocksDB. */
  @Override
  public void close() {
    if (gate.close()) {
      hub.closeAll(store::closedError);
      store.close();
    }
  }
}
