package io.knactor.core.log;

import io.knactor.core.model.StoreRef;
import java.util.OptionalLong;

/**
 * A subscriber's ownership of one partition of a store, as granted by {@link LogExchange#claim}:
 * the fencing token of its transactions. Each claim of a partition by a subscriber raises the
 * partition's epoch, so a transaction that commits offsets with an older claim (a zombie instance
 * after a reassignment) is refused.
 *
 * @param epoch this owner's epoch, larger than every earlier claim's
 * @param committedOffset the subscriber's committed offset in the partition when it was claimed
 *     (the offset of the next record to process), or empty when it never committed there
 */
public record PartitionClaim(
    String subscriber, StoreRef store, int partition, long epoch, OptionalLong committedOffset) {

  /**
   * Where to resume: the committed offset, or {@code earliest} (typically the partition's start
   * offset) when nothing was committed.
   */
  public long resumeOffset(long earliest) {
    return committedOffset.orElse(earliest);
  }
}
