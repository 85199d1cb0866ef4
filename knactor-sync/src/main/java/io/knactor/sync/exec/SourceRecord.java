package io.knactor.sync.exec;

import io.knactor.sync.operator.SyncRecord;

/** A record read from one partition of a source log, with its offset there. */
public record SourceRecord(long offset, SyncRecord record) {
  public SourceRecord {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    java.util.Objects.requireNonNull(record, "record");
  }
}
