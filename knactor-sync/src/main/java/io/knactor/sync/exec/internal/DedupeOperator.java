package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.knactor.sync.operator.SyncRecord;
import java.util.List;
import java.util.Map;

/**
 * Passes the first record of each group (its values of the {@code by} fields) in each tumbling
 * event-time window, at once, and drops the later ones; forgets a window once it closes.
 */
public final class DedupeOperator implements Operator {
  private final String signature;
  private final List<String> by;
  private final long size;
  private final long lateness;

  public DedupeOperator(String signature, List<String> by, long size, long lateness) {
    this.signature = signature;
    this.by = List.copyOf(by);
    this.size = size;
    this.lateness = lateness;
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    long end = WindowKeys.openTumblingEnd(record, size, lateness, context);
    if (end < 0) {
      return;
    }
    String key = WindowKeys.key(end, WindowKeys.group(record.value(), by).toString());
    if (context.get(key) == null) {
      context.put(key, BooleanNode.TRUE);
      context.emit(record);
    }
  }

  @Override
  public void advance(OperatorContext context) {
    long threshold = WindowKeys.minus(context.watermark(), lateness);
    for (Map.Entry<String, ?> window : WindowKeys.closed(context, threshold)) {
      context.delete(window.getKey());
    }
  }
}
