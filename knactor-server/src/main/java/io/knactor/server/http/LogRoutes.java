package io.knactor.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.log.AppendResult;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionInfo;
import io.knactor.core.log.RecordPosition;
import io.knactor.core.log.Retention;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.access.SecuredLogExchange;
import io.knactor.server.registry.Registry;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The log routes under {@code /api/v1/stores/{store}/logs}: create and describe a log store, append
 * records, read and tail them (a long poll), query them with a Sync pipeline ({@link
 * LogQueryRoute}). A store's records are of one kind, so access is checked as for objects of that
 * kind: a knactor appends only to its own log store.
 */
final class LogRoutes {
  /** The body limit of an append: a few records at the size limit, plus the envelope. */
  static final int APPEND_BODY_LIMIT = 8 * DocumentLimits.MAX_BYTES + 64 * 1024;

  /** The longest a tail may wait for records. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private static final int DEFAULT_MAX = 100;
  private static final int MAX_MAX = 10_000;

  private final LogExchange logs;
  private final AccessPolicy policy;
  private final LogQueryRoute query;

  LogRoutes(LogExchange logs, AccessPolicy policy, Registry registry) {
    this.logs = logs;
    this.policy = policy;
    this.query = new LogQueryRoute(registry);
  }

  private LogExchange logs() {
    return SecuredLogExchange.hosted(logs);
  }

  /** The log exchange as the request's principal: every call checked as its own. */
  private SecuredLogExchange as(ApiRequest request) {
    return new SecuredLogExchange(logs(), policy, request.principal());
  }

  int create(ApiRequest request, StoreRef store) {
    ObjectNode body = request.jsonBody(64 * 1024);
    String kind = text(body, "kind");
    JsonNode partitions = body.get("partitions");
    if (partitions == null || !partitions.canConvertToInt()) {
      throw new InvalidInputException(
          "partitions: a number from 1 to 1024 is required", "partitions");
    }
    LogStoreSpec spec =
        new LogStoreSpec(store, kind, partitions.asInt(), retention(body.get("retention")));
    return request.respond(200, encode(as(request).createStore(spec)));
  }

  int describe(ApiRequest request, StoreRef store) {
    return request.respond(200, encode(as(request).describe(store)));
  }

  int append(ApiRequest request, StoreRef store) {
    ObjectNode body = request.jsonBody(APPEND_BODY_LIMIT);
    JsonNode items = body.get("records");
    if (items == null || !items.isArray()) {
      throw new InvalidInputException("records: a list of records is required", "records");
    }
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String at = "records[" + i + "]";
      if (!item.isObject()) {
        throw new InvalidInputException(at + " must be a JSON object", at);
      }
      JsonNode value = item.get("value");
      ObjectNode data = value != null && value.isObject() ? (ObjectNode) value : null;
      JsonNode key = item.get("key");
      records.add(
          new LogRecord(
              key == null || !key.isTextual() ? null : key.asText(),
              timestamp(item.get("timestamp"), at + ".timestamp"),
              data));
    }
    AppendResult result = as(request).append(store, records);
    ObjectNode out = Json.object();
    ArrayNode positions = out.putArray("positions");
    for (RecordPosition position : result.positions()) {
      positions.addObject().put("partition", position.partition()).put("offset", position.offset());
    }
    return request.respond(200, out);
  }

  /**
   * {@code ?from=0:12,1:7} (default: every partition from its first retained record), {@code
   * max=100}, {@code wait=PT10S} (default: answer at once).
   */
  int read(ApiRequest request, StoreRef store) {
    LogStoreInfo info = as(request).describe(store);
    Map<Integer, Long> from = from(request.query("from"), info);
    int max = max(request.query("max"));
    Duration wait =
        request.query("wait") == null ? Duration.ZERO : duration(request.query("wait"), "wait");
    if (wait.compareTo(MAX_WAIT) > 0) {
      throw new InvalidInputException("wait may be at most " + MAX_WAIT + ", got " + wait, "wait");
    }
    List<StoredRecord> records;
    try {
      records = logs().poll(store, from, max, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("the server stopped while the read waited", e);
    }
    Map<Integer, Long> next = new TreeMap<>(from);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("records");
    for (StoredRecord record : records) {
      items
          .addObject()
          .put("partition", record.partition())
          .put("offset", record.offset())
          .put("key", record.key())
          .put("timestamp", record.timestamp().toString())
          .set("value", record.value());
      next.put(record.partition(), record.offset() + 1);
    }
    ObjectNode nextNode = out.putObject("next");
    next.forEach((p, o) -> nextNode.put(String.valueOf(p), o));
    return request.respond(200, out);
  }

  /** Runs a Sync pipeline over the store's records: authorized as a read of the store. */
  int query(ApiRequest request, StoreRef store) {
    return query.run(request, logs(), as(request).describe(store));
  }

  static ObjectNode encode(LogStoreInfo info) {
    LogStoreSpec spec = info.spec();
    ObjectNode out = Json.object().put("store", spec.store().toString()).put("kind", spec.kind());
    out.put("partitions", spec.partitions());
    ObjectNode retention = out.putObject("retention");
    if (spec.retention().maxAge() != null) {
      retention.put("maxAge", spec.retention().maxAge().toString());
    }
    if (spec.retention().maxBytes() != null) {
      retention.put("maxBytes", spec.retention().maxBytes());
    }
    ArrayNode readers = retention.putArray("consumedBy");
    spec.retention().consumedBy().forEach(readers::add);
    ArrayNode ranges = out.putArray("ranges");
    for (PartitionInfo p : info.partitions()) {
      ranges
          .addObject()
          .put("partition", p.partition())
          .put("startOffset", p.startOffset())
          .put("endOffset", p.endOffset())
          .put("bytes", p.bytes());
    }
    return out;
  }

  private static Retention retention(JsonNode node) {
    if (node == null || node.isNull()) {
      return Retention.forever();
    }
    if (!node.isObject()) {
      throw new InvalidInputException("retention must be a JSON object", "retention");
    }
    Duration maxAge =
        node.hasNonNull("maxAge")
            ? duration(node.get("maxAge").asText(), "retention.maxAge")
            : null;
    Long maxBytes = null;
    if (node.hasNonNull("maxBytes")) {
      if (!node.get("maxBytes").canConvertToLong()) {
        throw new InvalidInputException(
            "retention.maxBytes must be a number", "retention.maxBytes");
      }
      maxBytes = node.get("maxBytes").asLong();
    }
    TreeSet<String> readers = new TreeSet<>();
    if (node.has("consumedBy")) {
      node.get("consumedBy").forEach(reader -> readers.add(reader.asText()));
    }
    return new Retention(maxAge, maxBytes, readers);
  }

  private static Map<Integer, Long> from(String text, LogStoreInfo info) {
    Map<Integer, Long> from = new TreeMap<>();
    if (text == null || text.isEmpty()) {
      info.partitions().forEach(p -> from.put(p.partition(), p.startOffset()));
      return from;
    }
    for (String pair : text.split(",")) {
      int colon = pair.indexOf(':');
      try {
        from.put(
            Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new InvalidInputException(
            "from must list partition:offset pairs such as 0:12,1:7, got '" + text + "'",
            "from",
            e);
      }
    }
    return from;
  }

  private static int max(String text) {
    if (text == null) {
      return DEFAULT_MAX;
    }
    try {
      int max = Integer.parseInt(text);
      if (max >= 1 && max <= MAX_MAX) {
        return max;
      }
    } catch (NumberFormatException e) {
      // answered below, as for an out-of-range number
    }
    throw new InvalidInputException(
        "max must be a number from 1 to " + MAX_MAX + ", got '" + text + "'", "max");
  }

  private static Duration duration(String text, String field) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field + " must be an ISO-8601 duration such as PT10S, got '" + text + "'", field, e);
    }
  }

  static Instant timestamp(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field
              + " must be an RFC 3339 time such as 2026-01-02T03:04:05Z, got '"
              + node.asText()
              + "'",
          field,
          e);
    }
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isTextual()) {
      throw new InvalidInputException(field + ": a string is required", field);
    }
    return node.asText();
  }
}
