package io.knactor.exchange.embedded.log.internal;

/** The retained offsets [start, end) of one partition and their records' encoded bytes. */
record PartitionRange(long start, long end, long bytes) {
  static final PartitionRange EMPTY = new PartitionRange(0, 0, 0);

  PartitionRange append(long recordBytes) {
    return new PartitionRange(start, end + 1, bytes + recordBytes);
  }
}
