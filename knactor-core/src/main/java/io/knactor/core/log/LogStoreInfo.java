package io.knactor.core.log;

import java.util.List;

/** A log store's spec and the retained range of each of its partitions, in partition order. */
public record LogStoreInfo(LogStoreSpec spec, List<PartitionInfo> partitions) {
  public LogStoreInfo {
    partitions = List.copyOf(partitions);
  }

  public PartitionInfo partition(int partition) {
    return partitions.get(partition);
  }
}
