package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Render;
import io.knactor.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    mixinStandardHelpOptions = true,
    name = "history",
    description = {
      "Show the retained versions of one object, oldest first.",
      "Each shows who wrote what and when, and the write's annotations (an integrator's",
      "provenance).",
      "",
      "Example:",
      "  knactor history Demo/v1/Greeter/greeter Greeting hello-ada"
    })
final class HistoryCommand extends ClientCommand {
  @Mixin ObjectAddress address;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    String path = objectPath(address, null) + "/history";
    JsonNode history = get(path);
    if (output.json()) {
      printJson(history);
      return ExitCodes.OK;
    }
    boolean annotated = false;
    for (JsonNode item : history.path("items")) {
      annotated |= item.path("annotations").size() > 0;
    }
    Table table =
        annotated
            ? new Table("VERSION", "TYPE", "PRINCIPAL", "TIME", "DATA", "ANNOTATIONS")
            : new Table("VERSION", "TYPE", "PRINCIPAL", "TIME", "DATA");
    for (JsonNode item : history.path("items")) {
      String version = item.path("resourceVersion").asText();
      String type = item.path("type").asText();
      String principal = item.path("principal").asText();
      String time = item.path("time").asText();
      String data = Render.cell(item.path("data"));
      if (annotated) {
        table.row(version, type, principal, time, data, Render.labels(item.path("annotations")));
      } else {
        table.row(version, type, principal, time, data);
      }
    }
    table.print(out());
    return ExitCodes.OK;
  }
}
