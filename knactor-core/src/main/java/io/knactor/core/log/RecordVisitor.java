package io.knactor.core.log;

/** Receives the records of a scan, one at a time, on the scanning thread. */
@FunctionalInterface
public interface RecordVisitor {
  /** Returns false to stop the scan after this record. */
  boolean visit(StoredRecord record);
}
