package io.knactor.core.log;

/**
 * The retained range of one partition: offsets {@code startOffset} (inclusive) to {@code endOffset}
 * (exclusive, the offset the next append gets), and the encoded bytes of the retained records.
 */
public record PartitionInfo(int partition, long startOffset, long endOffset, long bytes) {
  /** How many records the partition retains. */
  public long records() {
    return endOffset - startOffset;
  }
}
