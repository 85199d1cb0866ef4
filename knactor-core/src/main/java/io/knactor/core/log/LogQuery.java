package io.knactor.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Projections and simple aggregates over a {@link LogExchange#scan}: the analytics API in its
 * plainest form. The Sync engine runs its own operators over the same scan.
 */
public final class LogQuery {
  /** What an aggregate computes over a numeric field (COUNT counts records and ignores it). */
  public enum Aggregate {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  private final LogExchange exchange;
  private final ScanRequest request;

  private LogQuery(LogExchange exchange, ScanRequest request) {
    this.exchange = exchange;
    this.request = request;
  }

  public static LogQuery over(LogExchange exchange, ScanRequest request) {
    return new LogQuery(exchange, request);
  }

  /** The selected records, in scan order. */
  public List<StoredRecord> records() {
    List<StoredRecord> records = new ArrayList<>();
    exchange.scan(request, records::add);
    return records;
  }

  /**
   * The selected records' values reduced to the top-level {@code fields} that they have, in scan
   * order.
   */
  public List<ObjectNode> project(String... fields) {
    List<ObjectNode> rows = new ArrayList<>();
    exchange.scan(
        request,
        record -> {
          ObjectNode row = Json.object();
          for (String field : fields) {
            JsonNode value = record.value().get(field);
            if (value != null) {
              row.set(field, value);
            }
          }
          return rows.add(row);
        });
    return rows;
  }

  /**
   * {@code aggregate} of {@code field} per value of the top-level field {@code groupBy} (its text;
   * "" for records without it), or over all selected records when {@code groupBy} is null. Records
   * whose {@code field} is missing or not a number are skipped, except by COUNT.
   */
  public SortedMap<String, Double> aggregate(Aggregate aggregate, String field, String groupBy) {
    Map<String, double[]> groups = new TreeMap<>();
    exchange.scan(
        request,
        record -> {
          JsonNode value = field == null ? null : record.value().get(field);
          if (aggregate != Aggregate.COUNT && (value == null || !value.isNumber())) {
            return true;
          }
          JsonNode group = groupBy == null ? null : record.value().get(groupBy);
          String name = group == null ? "" : group.asText();
          double[] acc = groups.computeIfAbsent(name, k -> new double[] {0, 0, Double.NaN});
          double x = value == null ? 0 : value.asDouble();
          acc[0]++;
          acc[1] += x;
          acc[2] = Double.isNaN(acc[2]) ? x : reduce(aggregate, acc[2], x);
          return true;
        });
    SortedMap<String, Double> result = new TreeMap<>();
    groups.forEach(
        (name, acc) ->
            result.put(
                name,
                switch (aggregate) {
                  case COUNT -> acc[0];
                  case SUM -> acc[1];
                  case AVG -> acc[1] / acc[0];
                  case MIN, MAX -> acc[2];
                }));
    return result;
  }

  private static double reduce(Aggregate aggregate, double current, double x) {
    return aggregate == Aggregate.MAX ? Math.max(current, x) : Math.min(current, x);
  }
}
