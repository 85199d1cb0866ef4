package io.knactor.sync.exec.internal;

import io.knactor.core.log.LogLimits;
import io.knactor.sync.operator.SyncRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Re-keys each record by its group (the JSON array of its values of the {@code by} fields, e.g.
 * {@code ["hall"]}), keeping its event time and value. The planner ends the source's part of the
 * flow here: the re-keyed records go to an internal log store, whose partitions the rest of the
 * flow reads, so every record of a group reaches one partition task. Stateless.
 */
public final class RepartitionOperator implements Operator {
  private final String signature;
  private final List<String> by;

  public RepartitionOperator(String signature, List<String> by) {
    this.signature = signature;
    this.by = List.copyOf(by);
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    String key = WindowKeys.group(record.value(), by).toString();
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > LogLimits.MAX_KEY_BYTES) {
      context.reject(
          record,
          "its group "
              + by
              + " is "
              + bytes
              + " bytes as a key; the limit is "
              + LogLimits.MAX_KEY_BYTES);
      return;
    }
    context.emit(new SyncRecord(key, record.time(), record.value()));
  }
}
