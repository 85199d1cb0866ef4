package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "query",
    description = {
      "Run a Sync pipeline (filter, put, rename, cut, drop, sort, aggregate, dedupe) over the",
      "records stored in a log store and print its output, one line each: partition key time",
      "value. Steps are separated by '|', or given as a YAML/JSON list as in a Sync spec. Windows",
      "still open at the end of the scanned records close and emit. The scan is bounded by",
      "--limit: a selection with more records is refused; narrow it with --from/--to.",
      "",
      "Examples:",
      "  knactor log query Home/v1/Motion/motion-a 'filter: level > 0.5 | rename: {triggered: on}'",
      "  knactor log query Home/v1/Motion/motion-a \\",
      "    'aggregate: {by: room, window: {size: 1h}, compute: {n: count(), peak: max(level)}}' \\",
      "    --from 2026-01-02T00:00:00Z --to 2026-01-03T00:00:00Z -o json"
    })
class LogQueryCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
  String store;

  @Parameters(
      index = "1",
      paramLabel = "PIPELINE",
      description = "Steps, e.g. 'filter: level > 0.5 | cut: [room, level]'.")
  String pipeline;

  @Option(
      names = "--from",
      paramLabel = "RFC3339",
      description = "Only records with an event time at or after this.")
  String from;

  @Option(names = "--to", paramLabel = "RFC3339", description = "Only records before this.")
  String to;

  @Option(
      names = "--from-offset",
      paramLabel = "N",
      description = "Start each partition at this offset.")
  Long fromOffset;

  @Option(
      names = "--to-offset",
      paramLabel = "N",
      description = "End each partition before this offset.")
  Long toOffset;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Scan at most N records (server default 10000, at most 100000).")
  Long limit;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    var body = Json.object().put("pipeline", pipeline);
    putIfSet(body, "from", from);
    putIfSet(body, "to", to);
    if (fromOffset != null) {
      body.put("fromOffset", fromOffset);
    }
    if (toOffset != null) {
      body.put("toOffset", toOffset);
    }
    if (limit != null) {
      body.put("limit", limit);
    }
    JsonNode answer =
        client()
            .send(
                "POST",
                LogCommand.logPath(store(store)) + "/query",
                "application/json",
                Json.write(body))
            .body();
    for (JsonNode record : answer.path("records")) {
      out().println(output.json() ? json(record) : line(record));
    }
    if (!output.json()) {
      out()
          .println(
              "("
                  + answer.path("records").size()
                  + " results from "
                  + answer.path("scanned").asLong()
                  + " records scanned, "
                  + answer.path("dropped").asLong()
                  + " dropped)");
    }
    out().flush();
    return ExitCodes.OK;
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private static String json(JsonNode node) {
    return new String(Json.write(node), StandardCharsets.UTF_8);
  }

  /** One result as a line: {@code partition key timestamp value}. */
  private static String line(JsonNode record) {
    return record.path("partition").asInt()
        + " "
        + record.path("key").asText()
        + " "
        + record.path("timestamp").asText()
        + " "
        + json(record.path("value"));
  }
}
