package io.knactor.exchange.embedded.log.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogLimits;
import io.knactor.core.log.RecordVisitor;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StateEntry;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Reads on the caller's thread: records within the published ranges (so a reader never sees a group
 * before its callers are acknowledged), state, and committed offsets. Thread-safe.
 */
public final class LogReader {
  private final LogDb db;
  private final LogCatalog catalog;
  private volatile boolean closed;

  public LogReader(LogDb db, LogCatalog catalog) {
    this.db = db;
    this.catalog = catalog;
  }

  /** Ends every waiting poll with an UnavailableException. */
  public void close() {
    closed = true;
    catalog.closeAll();
  }

  public List<StoredRecord> read(StoreRef store, int partition, long from, int max) {
    LogStoreState state = catalog.require(store);
    if (max < 1) {
      throw new InvalidInputException("max must be at least 1, got " + max, "max");
    }
    PartitionRange range = checkedRange(state, partition, from);
    List<StoredRecord> records = new ArrayList<>();
    readInto(state, partition, from, Math.min(range.end(), from + max), records);
    return records;
  }

  public List<StoredRecord> poll(StoreRef store, Map<Integer, Long> from, int max, Duration timeout)
      throws InterruptedException {
    LogStoreState state = catalog.require(store);
    if (max < 1) {
      throw new InvalidInputException("max must be at least 1, got " + max, "max");
    }
    if (from.isEmpty()) {
      throw new InvalidInputException("poll at least one partition", "from");
    }
    Map<Integer, Long> next = new TreeMap<>(from);
    next.forEach((partition, offset) -> checkedRange(state, partition, offset));
    long nanos = LogStoreState.toNanos(timeout);
    while (true) {
      List<StoredRecord> records = new ArrayList<>();
      for (Map.Entry<Integer, Long> entry : next.entrySet()) {
        int partition = entry.getKey();
        long offset = entry.getValue();
        long end =
            Math.min(checkedRange(state, partition, offset).end(), offset + max - records.size());
        readInto(state, partition, offset, end, records);
        if (records.size() >= max) {
          break;
        }
      }
      if (!records.isEmpty() || nanos <= 0) {
        return records;
      }
      nanos = state.await(() -> hasRecords(state, next), nanos);
      if (closed) {
        throw db.rocks.closedError();
      }
      if (state.isGone()) {
        throw new NotFoundException("log store " + store + " was deleted", "store");
      }
    }
  }

  public long scan(ScanRequest request, RecordVisitor visitor) {
    LogStoreState state = catalog.require(request.store());
    List<Integer> partitions = new ArrayList<>(new TreeSet<>(request.partitions()));
    if (partitions.isEmpty()) {
      for (int p = 0; p < state.spec().partitions(); p++) {
        partitions.add(p);
      }
    }
    long visited = 0;
    for (int partition : partitions) {
      LogLimits.checkPartition(state.spec(), partition, "partitions");
      PartitionRange range = state.range(partition);
      long from = request.fromOffset() == null ? range.start() : request.fromOffset();
      if (from < range.start()) {
        throw expired(state, partition, from, range);
      }
      long to =
          Math.min(range.end(), request.toOffset() == null ? range.end() : request.toOffset());
      long offset = from;
      while (offset < to) {
        List<StoredRecord> page = new ArrayList<>();
        readInto(state, partition, offset, Math.min(to, offset + 1000), page);
        for (StoredRecord record : page) {
          if (request.accepts(record)) {
            visited++;
            if (!visitor.visit(record) || visited >= request.limit()) {
              return visited;
            }
          }
        }
        offset += page.size();
      }
    }
    return visited;
  }

  public Optional<ObjectNode> readState(String subscriber, String key) {
    LogLimits.checkSubscriber(subscriber, "subscriber");
    LogLimits.checkKey(key, "key");
    byte[] value = db.rocks.access(r -> r.db().get(db.state, LogKeys.state(subscriber, key)));
    return Optional.ofNullable(value).map(v -> Json.parseObject(Json.MAPPER, v, "state " + key));
  }

  public List<StateEntry> scanState(String subscriber, String keyPrefix) {
    LogLimits.checkSubscriber(subscriber, "subscriber");
    byte[] prefix = LogKeys.state(subscriber, keyPrefix == null ? "" : keyPrefix);
    return db.rocks.access(
        r -> {
          List<StateEntry> entries = new ArrayList<>();
          try (RocksIterator it = r.db().newIterator(db.state)) {
            for (it.seek(prefix); it.isValid() && LogKeys.startsWith(it.key(), prefix); it.next()) {
              String key = LogKeys.stateKeyOf(it.key());
              entries.add(new StateEntry(key, Json.parseObject(Json.MAPPER, it.value(), key)));
            }
            it.status();
          }
          return entries;
        });
  }

  public Map<Integer, Long> committedOffsets(String subscriber, StoreRef store) {
    LogLimits.checkSubscriber(subscriber, "subscriber");
    LogStoreState state = catalog.require(store);
    Map<Integer, Long> offsets = new TreeMap<>();
    db.rocks.access(
        r -> {
          for (int p = 0; p < state.spec().partitions(); p++) {
            byte[] stored = r.db().get(db.offsets, LogKeys.subscription(state.id, p, subscriber));
            if (stored != null) {
              long committed = LogCodec.decodeSubscription(stored).committed();
              if (committed != Subscription.NONE) {
                offsets.put(p, committed);
              }
            }
          }
          return null;
        });
    return offsets;
  }

  /** The partition's range, checking that {@code offset} is inside it or at its end. */
  private PartitionRange checkedRange(LogStoreState state, int partition, long offset) {
    LogLimits.checkPartition(state.spec(), partition, "partition");
    LogLimits.checkOffset(offset, "offset");
    PartitionRange range = state.range(partition);
    if (offset < range.start()) {
      throw expired(state, partition, offset, range);
    }
    if (offset > range.end()) {
      throw new InvalidInputException(
          "offset "
              + offset
              + " is past the end "
              + range.end()
              + " of "
              + state.spec().store()
              + " partition "
              + partition,
          "offset");
    }
    return range;
  }

  private static ExpiredException expired(
      LogStoreState state, int partition, long offset, PartitionRange range) {
    return new ExpiredException(
        "offset "
            + offset
            + " of "
            + state.spec().store()
            + " partition "
            + partition
            + " was dropped by retention; the first retained offset is "
            + range.start(),
        "offset");
  }

  private boolean hasRecords(LogStoreState state, Map<Integer, Long> next) {
    if (closed) {
      return true;
    }
    for (Map.Entry<Integer, Long> entry : next.entrySet()) {
      if (state.range(entry.getKey()).end() > entry.getValue()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Appends the records [from, to) of a partition to {@code into}; a record missing at {@code from}
   * means retention trimmed it after the range was checked.
   *
   * <p>Only the first key is read back: a partition's retained offsets are contiguous (retention
   * trims a prefix, in one write, and the iterator sees one snapshot), so once the first record is
   * at {@code from} the next ones, up to the bound, are those of the next offsets. That saves a
   * native call and a key copy per record.
   */
  private void readInto(
      LogStoreState state, int partition, long from, long to, List<StoredRecord> into) {
    if (from >= to) {
      return;
    }
    StoreRef store = state.spec().store();
    db.rocks.access(
        r -> {
          try (Slice bound = new Slice(LogKeys.record(state.id, partition, to));
              ReadOptions options = new ReadOptions().setIterateUpperBound(bound);
              RocksIterator it = r.db().newIterator(db.records, options)) {
            it.seek(LogKeys.record(state.id, partition, from));
            if (!it.isValid() || LogKeys.offsetOf(it.key()) != from) {
              it.status();
              throw expired(state, partition, from, state.range(partition));
            }
            for (long offset = from; it.isValid(); it.next(), offset++) {
              into.add(LogCodec.decodeRecord(store, partition, offset, it.value()));
            }
            it.status();
          }
          return null;
        });
  }
}
