package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.StoreRef;
import java.util.List;
import java.util.Objects;

/**
 * Everything one transaction does, committed all or nothing by {@link LogExchange#commit}: appends
 * to any log stores of the exchange, writes to subscribers' keyed state, and input offsets
 * committed under partition claims. Build one with {@link LogTransaction}.
 */
public record TransactionBatch(
    List<Append> appends, List<StateWrite> stateWrites, List<OffsetCommit> offsetCommits) {
  public TransactionBatch {
    appends = List.copyOf(appends);
    stateWrites = List.copyOf(stateWrites);
    offsetCommits = List.copyOf(offsetCommits);
  }

  public boolean isEmpty() {
    return appends.isEmpty() && stateWrites.isEmpty() && offsetCommits.isEmpty();
  }

  /** Records to append to one store. */
  public record Append(StoreRef store, List<LogRecord> records) {
    public Append {
      Objects.requireNonNull(store, "store");
      records = List.copyOf(records);
    }
  }

  /**
   * Sets ({@code value} non-null) or deletes ({@code value} null) one key of a subscriber's state.
   */
  public record StateWrite(String subscriber, String key, ObjectNode value) {
    public boolean isDelete() {
      return value == null;
    }
  }

  /**
   * Commits {@code offset} (the next record to process) for the claim's subscriber and partition;
   * refused when a later claim of the partition exists.
   */
  public record OffsetCommit(PartitionClaim claim, long offset) {
    public OffsetCommit {
      Objects.requireNonNull(claim, "claim");
    }
  }
}
