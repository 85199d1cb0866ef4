package io.knactor.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.ScanRequest;
import io.knactor.server.registry.Registry;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.query.PipelineQuery;
import io.knactor.sync.query.QueryResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code POST /api/v1/stores/{store}/logs/query}: runs a Sync pipeline over a bounded scan of the
 * store's records ({@link PipelineQuery}) and answers with its output. The body is {@code
 * {"pipeline": TEXT or [steps], "from": RFC3339, "to": RFC3339, "fromOffset": N, "toOffset": N,
 * "limit": N}}; all but the pipeline are optional. The pipeline is checked against the registry's
 * schemas of the store's kind, with the registry's functions; user operators are not available.
 */
final class LogQueryRoute {
  private static final int BODY_LIMIT = 64 * 1024;

  private final Registry registry;

  LogQueryRoute(Registry registry) {
    this.registry = registry;
  }

  /** Runs the query of {@code request} over {@code store}, whose reading the caller authorized. */
  int run(ApiRequest request, LogExchange logs, LogStoreInfo store) {
    ObjectNode body = request.jsonBody(BODY_LIMIT);
    SyncChecker checker =
        new SyncChecker(
            SchemaCatalog.of(registry.state().schemas().values()),
            registry.functions(),
            OperatorRegistry.empty());
    PipelineQuery query = PipelineQuery.compile(checker, store, pipeline(body.get("pipeline")));
    ScanRequest scan =
        ScanRequest.of(store.spec().store())
            .times(
                LogRoutes.timestamp(body.get("from"), "from"),
                LogRoutes.timestamp(body.get("to"), "to"))
            .offsets(number(body, "fromOffset"), number(body, "toOffset"));
    Long limit = number(body, "limit");
    QueryResult result = query.run(logs, scan, limit == null ? PipelineQuery.DEFAULT_LIMIT : limit);
    ObjectNode out = Json.object();
    ArrayNode records = out.putArray("records");
    for (QueryResult.Row row : result.rows()) {
      records
          .addObject()
          .put("partition", row.partition())
          .put("key", row.record().key())
          .put("timestamp", Instant.ofEpochMilli(row.record().time()).toString())
          .set("value", row.record().value());
    }
    out.put("scanned", result.scanned());
    out.put("dropped", result.dropped());
    return request.respond(200, out);
  }

  /** The pipeline's text: a string as given, a JSON list of steps as its JSON (which is YAML). */
  private static String pipeline(JsonNode node) {
    if (node != null && node.isTextual() && !node.asText().isBlank()) {
      return node.asText();
    }
    if (node != null && node.isArray()) {
      return new String(Json.write(node), StandardCharsets.UTF_8);
    }
    throw new InvalidInputException(
        "pipeline: a pipeline is required, as text ('filter: level > 0.5 | cut: room') or a list"
            + " of steps",
        "pipeline");
  }

  private static Long number(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new InvalidInputException(field + " must be a whole number", field);
    }
    return node.asLong();
  }
}
