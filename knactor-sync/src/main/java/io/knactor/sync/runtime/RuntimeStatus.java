package io.knactor.sync.runtime;

import java.util.List;

/**
 * A running Sync at one moment.
 *
 * @param parallelism how many instances run
 * @param partitions every partition of every source, by source then partition
 * @param moves the reassignments done so far, oldest first (the last 1000)
 * @param fenced steps refused because another owner had claimed the partition since
 * @param failures rounds that failed otherwise (and were retried: nothing of them committed)
 * @param lastFailure the last such failure's message, or null
 */
public record RuntimeStatus(
    String name,
    long revision,
    int parallelism,
    List<PartitionStatus> partitions,
    List<Move> moves,
    long fenced,
    long failures,
    String lastFailure) {
  public RuntimeStatus {
    partitions = List.copyOf(partitions);
    moves = List.copyOf(moves);
  }

  /** Unprocessed records over every partition. */
  public long lag() {
    return partitions.stream().mapToLong(PartitionStatus::lag).sum();
  }

  /** Source records committed since the runtime started, over every partition. */
  public long records() {
    return partitions.stream().mapToLong(PartitionStatus::records).sum();
  }
}
