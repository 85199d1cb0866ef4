package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.sync.operator.SyncRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Holds each tumbling event-time window's records and, when the window closes, emits them ordered
 * by a field (numbers before strings, records without the field last; ties in arrival order).
 */
public final class SortOperator implements Operator {
  private static final String SEQUENCE = "seq";

  private final String signature;
  private final String by;
  private final boolean descending;
  private final long size;
  private final long lateness;

  public SortOperator(String signature, String by, boolean descending, long size, long lateness) {
    this.signature = signature;
    this.by = by;
    this.descending = descending;
    this.size = size;
    this.lateness = lateness;
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public long lateness() {
    return lateness;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    long end = WindowKeys.openTumblingEnd(record, size, lateness, context);
    if (end < 0) {
      return;
    }
    JsonNode last = context.get(SEQUENCE);
    long sequence = last == null ? 0 : last.asLong() + 1;
    context.put(SEQUENCE, LongNode.valueOf(sequence));
    ObjectNode held = JsonNodeFactory.instance.objectNode();
    held.put("key", record.key());
    held.put("time", record.time());
    held.set("value", record.value());
    context.put(WindowKeys.key(end, String.format("%019d", sequence)), held);
  }

  @Override
  public void advance(OperatorContext context) {
    long threshold = WindowKeys.minus(context.watermark(), lateness);
    List<Map.Entry<String, JsonNode>> closed = WindowKeys.closed(context, threshold);
    int i = 0;
    while (i < closed.size()) {
      long end = WindowKeys.end(closed.get(i).getKey());
      List<SyncRecord> window = new ArrayList<>();
      for (; i < closed.size() && WindowKeys.end(closed.get(i).getKey()) == end; i++) {
        JsonNode held = closed.get(i).getValue();
        context.delete(closed.get(i).getKey());
        window.add(
            new SyncRecord(
                held.get("key").asText(),
                held.get("time").asLong(),
                (ObjectNode) held.get("value")));
      }
      window.sort(order());
      window.forEach(context::emit);
    }
  }

  private Comparator<SyncRecord> order() {
    Comparator<SyncRecord> byField =
        (a, b) -> JsonOrder.compare(a.value().get(by), b.value().get(by));
    Comparator<SyncRecord> directed = descending ? byField.reversed() : byField;
    // Records without the field go last in either direction.
    return Comparator.<SyncRecord, Boolean>comparing(r -> JsonOrder.absent(r.value().get(by)))
        .thenComparing(directed);
  }
}
