package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.sync.operator.SyncRecord;
import java.util.List;
import java.util.Map;

/** What a step sees while it runs in one partition task: its state, its watermark, its output. */
public interface OperatorContext {
  /** No record has been seen yet. */
  long NO_WATERMARK = Long.MIN_VALUE;

  /**
   * The event time up to which this step's input is complete except for late records: the
   * partition's highest event time so far, less the lateness of windowed steps before this one.
   */
  long watermark();

  /** Passes a record to the next steps. */
  void emit(SyncRecord record);

  /** Sends a record the step cannot place to the flows' dead letter stores, or drops it. */
  void reject(SyncRecord record, String reason);

  /** This step's state under {@code key}, or null. */
  JsonNode get(String key);

  void put(String key, JsonNode value);

  void delete(String key);

  /** This step's state with {@code from <= key < to}, in key order. */
  List<Map.Entry<String, JsonNode>> scan(String from, String to);
}
