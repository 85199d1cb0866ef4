package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.internal.RocksStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * The log exchange's RocksDB database: {@code stores} (spec and id by store name), {@code
 * partitions} (each partition's retained range), {@code records} (by store id, partition, offset),
 * {@code offsets} (each subscriber's claim epoch and committed offset per partition), {@code state}
 * (subscribers' keyed state) and {@code meta} (the id and epoch counters).
 */
public final class LogDb implements AutoCloseable {
  static final byte[] NEXT_STORE_ID = "nextStoreId".getBytes(StandardCharsets.UTF_8);
  static final byte[] NEXT_EPOCH = "nextEpoch".getBytes(StandardCharsets.UTF_8);

  private static final List<String> FAMILIES =
      List.of("default", "stores", "partitions", "records", "offsets", "state", "meta");

  final RocksStore rocks;
  final ColumnFamilyHandle stores;
  final ColumnFamilyHandle partitions;
  final ColumnFamilyHandle records;
  final ColumnFamilyHandle offsets;
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle meta;

  private LogDb(RocksStore rocks) {
    this.rocks = rocks;
    this.stores = rocks.family("stores");
    this.partitions = rocks.family("partitions");
    this.records = rocks.family("records");
    this.offsets = rocks.family("offsets");
    this.state = rocks.family("state");
    this.meta = rocks.family("meta");
  }

  /** Opens or creates the database in {@code dir}, replaying its write-ahead log. */
  public static LogDb open(Path dir, boolean sync) {
    return new LogDb(RocksStore.open(dir, sync, "log exchange", FAMILIES));
  }

  public Path dir() {
    return rocks.dir();
  }

  long metaLong(byte[] name, long absent) {
    return rocks.access(r -> LogCodec.decodeLong(r.db().get(meta, name), absent));
  }

  /** The stores as last written, for recovery. */
  public LogCatalog loadCatalog() {
    LogCatalog catalog = new LogCatalog();
    rocks.access(
        r -> {
          try (RocksIterator it = r.db().newIterator(stores)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              StoreRef ref = StoreRef.parse(new String(it.key(), StandardCharsets.UTF_8));
              int id = LogCodec.storeId(it.value());
              var spec = LogCodec.decodeStore(ref, it.value());
              List<PartitionRange> ranges = new ArrayList<>();
              for (int p = 0; p < spec.partitions(); p++) {
                byte[] range = r.db().get(partitions, LogKeys.partition(id, p));
                ranges.add(range == null ? PartitionRange.EMPTY : LogCodec.decodeRange(range));
              }
              catalog.put(ref, new LogStoreState(id, spec, ranges));
            }
          }
          return null;
        });
    return catalog;
  }

  @Override
  public void close() {
    rocks.close();
  }
}
