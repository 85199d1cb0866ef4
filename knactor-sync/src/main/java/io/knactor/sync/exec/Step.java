package io.knactor.sync.exec;

import io.knactor.sync.plan.SourceStream;
import java.util.List;

/**
 * What a partition task did with one batch, to be committed as one unit: the emissions, the state
 * changes (which include the task's new offset and watermark) and the offset to resume from. The
 * caller makes all of it durable atomically (the log exchange's transaction), then calls {@link
 * PartitionTask#commit}; or it calls {@link PartitionTask#abort} and nothing of the batch happened.
 *
 * @param nextOffset the offset of the first record not yet processed: where to read next
 * @param watermark the partition's event-time watermark after the batch
 * @param processed how many records of the batch were processed (records below the committed offset
 *     are skipped, so a batch may be redelivered)
 */
public record Step(
    SourceStream source,
    int partition,
    long nextOffset,
    long watermark,
    List<Emission> emissions,
    StateChanges changes,
    int processed) {
  public Step {
    emissions = List.copyOf(emissions);
  }
}
