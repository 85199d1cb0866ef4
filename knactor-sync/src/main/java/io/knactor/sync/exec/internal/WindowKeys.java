package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.sync.operator.SyncRecord;
import java.util.List;
import java.util.Map;

/**
 * State keys of windowed steps, {@code w/<end>/<suffix>} with the end zero-padded so that keys
 * order by window end, and the scans that find the windows a watermark closes.
 */
final class WindowKeys {
  private static final String PREFIX = "w/";
  private static final int DIGITS = 19;

  private WindowKeys() {}

  static String key(long end, String suffix) {
    return PREFIX + pad(end) + "/" + suffix;
  }

  static long end(String key) {
    return Long.parseLong(key.substring(PREFIX.length(), PREFIX.length() + DIGITS));
  }

  static String suffix(String key) {
    return key.substring(PREFIX.length() + DIGITS + 1);
  }

  /** The windows ending at or before {@code threshold}, in end order. */
  static List<Map.Entry<String, JsonNode>> closed(OperatorContext context, long threshold) {
    if (threshold < 0) {
      return List.of();
    }
    return context.scan(
        PREFIX, PREFIX + pad(threshold == Long.MAX_VALUE ? threshold : threshold + 1));
  }

  /** True when the window ending at {@code end} has closed for a step with this lateness. */
  static boolean isClosed(long end, long lateness, long watermark) {
    return watermark != OperatorContext.NO_WATERMARK && end <= minus(watermark, lateness);
  }

  static long minus(long watermark, long lateness) {
    return watermark == OperatorContext.NO_WATERMARK
        ? OperatorContext.NO_WATERMARK
        : watermark - lateness;
  }

  /** The end of the tumbling window of {@code size} holding {@code time}. */
  static long tumblingEnd(long time, long size) {
    return Math.floorDiv(time, size) * size + size;
  }

  /**
   * The end of the open tumbling window of {@code size} holding {@code record}; -1 after rejecting
   * the record as late when that window has closed.
   */
  static long openTumblingEnd(
      SyncRecord record, long size, long lateness, OperatorContext context) {
    long end = tumblingEnd(record.time(), size);
    if (isClosed(end, lateness, context.watermark())) {
      context.reject(record, late(end, lateness, context.watermark()));
      return -1;
    }
    return end;
  }

  /** The group of a record: the JSON array of its values of {@code fields}, null when absent. */
  static ArrayNode group(ObjectNode value, List<String> fields) {
    ArrayNode group = JsonNodeFactory.instance.arrayNode(fields.size());
    for (String field : fields) {
      JsonNode v = value.get(field);
      group.add(v == null ? JsonNodeFactory.instance.nullNode() : v);
    }
    return group;
  }

  static String late(long end, long lateness, long watermark) {
    return "late: its window ending at "
        + end
        + " closed (watermark "
        + watermark
        + ", allowed lateness "
        + lateness
        + " ms)";
  }

  private static String pad(long n) {
    String s = Long.toString(n);
    return "0".repeat(Math.max(0, DIGITS - s.length())) + s;
  }
}
