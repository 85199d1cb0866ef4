package io.knactor.exchange.embedded.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.log.AppendResult;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogLimits;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.RecordVisitor;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StateEntry;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.log.TransactionBatch;
import io.knactor.core.log.TransactionResult;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.CommitStats;
import io.knactor.exchange.embedded.internal.WriteGate;
import io.knactor.exchange.embedded.log.internal.LogCatalog;
import io.knactor.exchange.embedded.log.internal.LogDb;
import io.knactor.exchange.embedded.log.internal.LogReader;
import io.knactor.exchange.embedded.log.internal.LogWriter;
import io.knactor.exchange.embedded.log.internal.PreparedTransaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded log exchange: one process, RocksDB in a local directory, nothing to install. Records
 * are keyed by store id, partition and offset, so a partition is one contiguous key range (see
 * docs/logs.md for why RocksDB rather than segment files).
 *
 * <p>Threading. Changes are group-committed by their callers (leader/follower, {@link
 * io.knactor.exchange.embedded.internal.GroupCommitLoop}): callers check and encode their records
 * on their own thread; one that finds no group in progress writes its own, the others queue and
 * wait; the next leader takes all pending appends, transactions and claims as one group, checks
 * each against the state the group has reached (a failing one fails alone), writes the group as one
 * RocksDB WriteBatch with a single WAL fsync, then publishes the new partition ends to readers,
 * completes the callers and wakes waiting polls. Reads, polls and scans run on the caller's thread,
 * within the published ends. A daemon thread {@code knactor-log-retention} asks the writer to apply
 * retention every {@link EmbeddedLogOptions#retentionInterval()}. All methods are thread-safe.
 *
 * <p>Durability. With {@link EmbeddedLogOptions#syncWrites()} (the default) nothing is acknowledged
 * before its WAL fsync, so every acknowledged append, transaction and claim survives kill -9 and
 * machine crashes; a transaction is one WriteBatch, so it is never found half-committed.
 */
public final class EmbeddedLogExchange implements LogExchange {
  private static final System.Logger LOG = System.getLogger(EmbeddedLogExchange.class.getName());

  private final EmbeddedLogOptions options;
  private final LogDb db;
  private final LogCatalog catalog;
  private final LogReader reader;
  private final LogWriter writer;
  private final WriteGate gate;
  private final ScheduledExecutorService retention;

  private EmbeddedLogExchange(EmbeddedLogOptions options, LogDb db) {
    this.options = options;
    this.db = db;
    this.catalog = db.loadCatalog();
    this.reader = new LogReader(db, catalog);
    this.writer = new LogWriter(db, catalog);
    this.gate = new WriteGate(this::closedError);
    if (options.retentionInterval().isZero()) {
      retention = null;
    } else {
      retention =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "knactor-log-retention " + db.dir());
                thread.setDaemon(true);
                return thread;
              });
      long millis = options.retentionInterval().toMillis();
      retention.scheduleWithFixedDelay(
          this::applyAllRetention, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Opens or creates the exchange in {@code dir} with {@link EmbeddedLogOptions#defaults()}. */
  public static EmbeddedLogExchange open(Path dir) {
    return open(dir, EmbeddedLogOptions.defaults());
  }

  /**
   * Opens or creates the exchange in {@code dir}, recovering every acknowledged write.
   *
   * @throws UnavailableException when the directory cannot be created or is already open
   */
  public static EmbeddedLogExchange open(Path dir, EmbeddedLogOptions options) {
    WriteGate.createDirectory(dir, "log exchange");
    return new EmbeddedLogExchange(options, LogDb.open(dir, options.syncWrites()));
  }

  public Path directory() {
    return db.dir();
  }

  public EmbeddedLogOptions options() {
    return options;
  }

  /** Transactions (appends included) committed, and the RocksDB writes that carried them. */
  public CommitStats stats() {
    return new CommitStats(writer.transactionsCommitted(), writer.groupsWritten());
  }

  @Override
  public LogStoreInfo createStore(LogStoreSpec spec) {
    return gate.call(() -> writer.create(spec));
  }

  @Override
  public LogStoreInfo describe(StoreRef store) {
    gate.checkOpen();
    return catalog.info(store);
  }

  @Override
  public List<LogStoreInfo> stores() {
    gate.checkOpen();
    return catalog.infos();
  }

  @Override
  public void deleteStore(StoreRef store) {
    gate.call(() -> writer.delete(store));
  }

  @Override
  public AppendResult append(StoreRef store, List<LogRecord> records) {
    PreparedTransaction tx = PreparedTransaction.ofAppend(store, records);
    return gate.call(() -> writer.commit(tx)).appends().get(0);
  }

  @Override
  public List<StoredRecord> read(StoreRef store, int partition, long fromOffset, int max) {
    return reader.read(store, partition, fromOffset, max);
  }

  @Override
  public List<StoredRecord> poll(StoreRef store, Map<Integer, Long> from, int max, Duration timeout)
      throws InterruptedException {
    gate.checkOpen();
    return reader.poll(store, from, max, timeout);
  }

  @Override
  public List<PartitionClaim> claim(String subscriber, StoreRef store, Set<Integer> partitions) {
    LogLimits.checkSubscriber(subscriber, "subscriber");
    return gate.call(() -> writer.claim(subscriber, store, Set.copyOf(partitions)));
  }

  @Override
  public Map<Integer, Long> committedOffsets(String subscriber, StoreRef store) {
    return reader.committedOffsets(subscriber, store);
  }

  @Override
  public TransactionResult commit(TransactionBatch batch) {
    PreparedTransaction tx = PreparedTransaction.of(batch);
    return gate.call(() -> writer.commit(tx));
  }

  @Override
  public Optional<ObjectNode> readState(String subscriber, String key) {
    return reader.readState(subscriber, key);
  }

  @Override
  public List<StateEntry> scanState(String subscriber, String keyPrefix) {
    return reader.scanState(subscriber, keyPrefix);
  }

  @Override
  public long scan(ScanRequest request, RecordVisitor visitor) {
    return reader.scan(request, visitor);
  }

  @Override
  public LogStoreInfo applyRetention(StoreRef store) {
    return gate.call(() -> writer.retain(store));
  }

  /** Waits for the changes under way, refuses later ones, ends every poll, closes RocksDB. */
  @Override
  public void close() {
    if (retention != null) {
      retention.shutdownNow();
    }
    if (gate.close()) {
      reader.close();
      db.close();
    }
  }

  private void applyAllRetention() {
    for (LogStoreInfo store : catalog.infos()) {
      try {
        applyRetention(store.spec().store());
      } catch (NotFoundException | UnavailableException e) {
        // The store was deleted or the exchange closed since the list was taken: nothing to trim.
        LOG.log(System.Logger.Level.DEBUG, "retention skipped: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "retention of " + store.spec().store() + " failed", e);
      }
    }
  }

  private UnavailableException closedError() {
    return new UnavailableException("log exchange at " + db.dir() + " is closed");
  }
}
