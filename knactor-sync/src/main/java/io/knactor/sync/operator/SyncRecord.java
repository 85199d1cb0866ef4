package io.knactor.sync.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One record of a log store as Sync sees it: a key (records of one key stay in one partition and in
 * order), an event time in epoch milliseconds (windows and watermarks follow it) and a JSON object
 * value.
 *
 * <p>A record's value is never changed once made: operators build a new object for what they emit.
 * Code that receives a record must not modify its value.
 */
public record SyncRecord(String key, long time, ObjectNode value) {
  public SyncRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (time < 0) {
      throw new IllegalArgumentException("event time must not be negative, got " + time);
    }
  }
}
