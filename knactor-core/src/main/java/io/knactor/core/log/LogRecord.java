package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A record to append: its key (which chooses the partition, see {@link LogPartitioner}), its event
 * time and its value, a JSON object. Checked at append, not here, so that an append can name the
 * offending record by its index.
 *
 * @param key required, 1 to {@value LogLimits#MAX_KEY_BYTES} bytes of UTF-8
 * @param timestamp the event time, kept to the millisecond; null means the time of the append
 * @param value the record's data; at most {@link io.knactor.core.json.DocumentLimits#MAX_BYTES}
 *     serialized and {@link io.knactor.core.json.DocumentLimits#MAX_DEPTH} levels deep
 */
public record LogRecord(String key, Instant timestamp, ObjectNode value) {
  /** A record stamped with the time of its append. */
  public static LogRecord of(String key, ObjectNode value) {
    return new LogRecord(key, null, value);
  }
}
