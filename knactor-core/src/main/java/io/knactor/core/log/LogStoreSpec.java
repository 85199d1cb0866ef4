package io.knactor.core.log;

import io.knactor.core.model.Names;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import java.util.Objects;

/**
 * Declares a log store: the knactor that owns it, the kind of its records (so their schema is
 * {@code store.schemaOf(kind)}), its partition count (fixed for the store's life, since it decides
 * where each key goes) and its retention.
 */
public record LogStoreSpec(StoreRef store, String kind, int partitions, Retention retention) {
  public LogStoreSpec {
    Objects.requireNonNull(store, "store");
    Names.require(Names.KIND, kind, "kind");
    LogLimits.checkPartitionCount(partitions);
    retention = retention == null ? Retention.forever() : retention;
  }

  public static LogStoreSpec of(StoreRef store, String kind, int partitions) {
    return new LogStoreSpec(store, kind, partitions, Retention.forever());
  }

  public LogStoreSpec withRetention(Retention newRetention) {
    return new LogStoreSpec(store, kind, partitions, newRetention);
  }

  /** The schema of this store's records, e.g. {@code SmartHome/v1/Motion/Reading}. */
  public SchemaRef schema() {
    return store.schemaOf(kind);
  }
}
