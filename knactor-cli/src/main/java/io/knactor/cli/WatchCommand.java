package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cli.output.Render;
import io.knactor.core.json.Json;
import io.knactor.sdk.http.StatusCodec;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "watch",
    description = {
      "Follow the changes of a store or of one kind, one line per change.",
      "It runs until interrupted, or until --max-events changes were shown. Without",
      "--resource-version it starts at the current version (only new changes).",
      "",
      "Examples:",
      "  knactor watch Demo/v1/Greeter/greeter",
      "  knactor watch Demo/v1/Greeter/greeter Greeting --resource-version 0 -o json"
    })
final class WatchCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
  String store;

  @Parameters(index = "1", arity = "0..1", paramLabel = "KIND", description = "Only this kind.")
  String kind;

  @Option(
      names = "--resource-version",
      paramLabel = "N",
      description = "Deliver every change after version N (0: from the retained beginning).")
  Long resourceVersion;

  @Option(
      names = "--max-events",
      paramLabel = "N",
      description = "Stop after N changes instead of following until interrupted.")
  Integer maxEvents;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    if (maxEvents != null && maxEvents <= 0) {
      throw usage("--max-events must be positive, got " + maxEvents);
    }
    String path =
        ApiPaths.storePath(store(store)) + "/objects" + (kind == null ? "" : "/" + kind(kind));
    path =
        ApiPaths.withQuery(
            path,
            ApiPaths.query(
                "watch",
                "true",
                "resourceVersion",
                resourceVersion == null ? null : resourceVersion.toString()));
    int seen = 0;
    try (Stream<String> lines = client().lines(path)) {
      Iterator<String> events = lines.iterator();
      while ((maxEvents == null || seen < maxEvents) && events.hasNext()) {
        String line = events.next();
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = Json.parseObject(line, "watch event");
        String type = event.path("type").asText();
        if (type.equals("BOOKMARK")) {
          continue;
        }
        if (type.equals("ERROR")) {
          throw StatusCodec.decode(
              500, event.get("object") instanceof ObjectNode status ? status : Json.object());
        }
        seen++;
        if (output.json()) {
          out().println(line.strip());
        } else {
          JsonNode object = event.path("object");
          out()
              .printf(
                  "%-8s  %s  v%s  %s%n",
                  type,
                  Render.kindAndName(object),
                  Render.version(object),
                  Render.cell(object.path("data")));
        }
        out().flush();
      }
    }
    return ExitCodes.OK;
  }
}
