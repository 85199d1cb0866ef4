package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.sync.operator.SyncRecord;
import java.util.List;
import java.util.Map;

/**
 * Groups records by fields into tumbling or sliding event-time windows and emits one record per
 * group and window when the watermark passes the window's end plus the allowed lateness: the
 * group's fields, each computed output, {@code windowStart} and {@code windowEnd}. The result's key
 * is the group's values joined with {@code .} ({@code all} without {@code by}); its event time is
 * the window's last millisecond.
 */
public final class AggregateOperator implements Operator {
  /** The functions of {@code compute}. */
  public enum Function {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX,
    LAST
  }

  /**
   * One output.
   *
   * @param field the input field, null for count
   */
  public record Call(String output, Function function, String field) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String signature;
  private final List<String> by;
  private final long size;
  private final long slide;
  private final long lateness;
  private final List<Call> calls;

  public AggregateOperator(
      String signature, List<String> by, long size, long slide, long lateness, List<Call> calls) {
    this.signature = signature;
    this.by = List.copyOf(by);
    this.size = size;
    this.slide = slide;
    this.lateness = lateness;
    this.calls = List.copyOf(calls);
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
    ArrayNode group = WindowKeys.group(record.value(), by);
    String suffix = group.toString();
    boolean accepted = false;
    long lastEnd = 0;
    for (long start = Math.floorDiv(record.time(), slide) * slide;
        start > record.time() - size;
        start -= slide) {
      long end = start + size;
      lastEnd = Math.max(lastEnd, end);
      if (WindowKeys.isClosed(end, lateness, context.watermark())) {
        continue;
      }
      accepted = true;
      String key = WindowKeys.key(end, suffix);
      JsonNode existing = context.get(key);
      ObjectNode state;
      if (existing == null) {
        state = NODES.objectNode();
        state.set("group", group);
        ArrayNode accumulators = state.putArray("acc");
        calls.forEach(call -> accumulators.addObject());
      } else {
        state = existing.deepCopy();
      }
      ArrayNode accumulators = (ArrayNode) state.get("acc");
      for (int i = 0; i < calls.size(); i++) {
        accumulate(calls.get(i), (ObjectNode) accumulators.get(i), record);
      }
      context.put(key, state);
    }
    if (!accepted) {
      context.reject(record, WindowKeys.late(lastEnd, lateness, context.watermark()));
    }
  }

  private static void accumulate(Call call, ObjectNode acc, SyncRecord record) {
    if (call.function() == Function.COUNT) {
      acc.put("n", acc.path("n").asLong() + 1);
      return;
    }
    JsonNode value = record.value().get(call.field());
    if (value == null || value.isNull()) {
      return;
    }
    switch (call.function()) {
      case LAST -> {
        if (!acc.has("t") || record.time() >= acc.get("t").asLong()) {
          acc.set("v", value);
          acc.put("t", record.time());
        }
      }
      case SUM, AVG -> {
        if (value.isNumber()) {
          acc.put("s", acc.path("s").asDouble() + value.asDouble());
          acc.put("n", acc.path("n").asLong() + 1);
        }
      }
      case MIN, MAX -> {
        if (value.isNumber()) {
          double v = value.asDouble();
          JsonNode current = acc.get("v");
          boolean better =
              current == null
                  || (call.function() == Function.MIN
                      ? v < current.asDouble()
                      : v > current.asDouble());
          if (better) {
            acc.put("v", v);
          }
        }
      }
      default -> throw new IllegalStateException("unhandled " + call.function());
    }
  }

  @Override
  public void advance(OperatorContext context) {
    long threshold = WindowKeys.minus(context.watermark(), lateness);
    for (Map.Entry<String, JsonNode> window : WindowKeys.closed(context, threshold)) {
      long end = WindowKeys.end(window.getKey());
      context.delete(window.getKey());
      context.emit(result(end, window.getValue()));
    }
  }

  private SyncRecord result(long end, JsonNode state) {
    ObjectNode out = NODES.objectNode();
    JsonNode group = state.get("group");
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < by.size(); i++) {
      JsonNode value = group.get(i);
      if (!value.isNull()) {
        out.set(by.get(i), value);
      }
      key.append(i == 0 ? "" : ".").append(value.isNull() ? "" : value.asText());
    }
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      JsonNode acc = state.get("acc").get(i);
      switch (call.function()) {
        case COUNT -> out.put(call.output(), acc.path("n").asLong());
        case SUM -> out.put(call.output(), acc.path("s").asDouble());
        case AVG -> {
          if (acc.path("n").asLong() > 0) {
            out.put(call.output(), acc.get("s").asDouble() / acc.get("n").asLong());
          }
        }
        case MIN, MAX, LAST -> {
          if (acc.has("v")) {
            out.set(call.output(), acc.get("v"));
          }
        }
      }
    }
    out.put("windowStart", end - size);
    out.put("windowEnd", end);
    return new SyncRecord(by.isEmpty() ? "all" : key.toString(), end - 1, out);
  }
}
