package io.knactor.core.log;

import io.knactor.core.error.ConflictException;
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

  /**
   * The error of a transaction that commits offsets under this claim after it was superseded.
   *
   * @param supersededBy what superseded it, e.g. {@code " by epoch 7"}; may be empty
   */
  public ConflictException fenced(String supersededBy) {
    return new ConflictException(fencedMessage(supersededBy), "claim");
  }

  /** The message of {@link #fenced}, for backends that attach the cause. */
  public String fencedMessage(String supersededBy) {
    return "fenced: subscriber "
        + subscriber
        + "'s claim of "
        + store
        + " partition "
        + partition
        + " (epoch "
        + epoch
        + ") was superseded"
        + supersededBy
        + "; claim the partition again and resume from its committed offset";
  }
}
