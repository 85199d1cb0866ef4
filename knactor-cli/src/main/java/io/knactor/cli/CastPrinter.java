package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Table;

/** {@code knactor get cast [NAME]}: the applied Casts, or one Cast's status. */
final class CastPrinter {
  private final ClientCommand command;
  private final OutputFormat output;

  CastPrinter(ClientCommand command, OutputFormat output) {
    this.command = command;
    this.output = output;
  }

  int print(String name) {
    JsonNode body =
        command.get(name == null ? "/api/v1/casts" : "/api/v1/casts/" + command.name(name));
    if (output.json()) {
      command.printJson(body);
    } else if (name == null) {
      printList(body);
    } else {
      printStatus(body);
    }
    return ExitCodes.OK;
  }

  private void printList(JsonNode list) {
    Table table = new Table("NAME", "REVISION", "PHASE", "POSITION", "FAILURES");
    for (JsonNode cast : list.path("items")) {
      table.row(
          cast.path("name").asText(),
          cast.path("revision").asText(),
          cast.path("phase").asText(),
          cast.path("position").asText(),
          Integer.toString(cast.path("failures").size()));
    }
    if (table.isEmpty()) {
      command.out().println("No casts are applied.");
    } else {
      table.print(command.out());
    }
    command.out().flush();
  }

  private void printStatus(JsonNode status) {
    var out = command.out();
    out.println("cast/" + status.path("name").asText());
    out.println("revision:  " + status.path("revision").asText());
    out.println("phase:     " + status.path("phase").asText());
    out.println("position:  " + status.path("position").asText());
    out.println(
        "counts:    "
            + status.path("events").asText()
            + " events, "
            + status.path("commits").asText()
            + " commits, "
            + status.path("resyncs").asText()
            + " resyncs");
    if (!status.path("pushDown").asText().isEmpty()) {
      out.println("pushdown:  " + status.path("pushDown").asText());
    }
    if (!status.path("lastError").asText().isEmpty()) {
      out.println("lastError: " + status.path("lastError").asText());
    }
    if (status.path("failures").isEmpty()) {
      out.println("failures:  none");
    } else {
      out.println("failures:");
      Table table = new Table("KEY", "FIELD", "REVISION", "MESSAGE");
      for (JsonNode f : status.path("failures")) {
        table.row(
            f.path("key").asText(),
            f.path("field").asText(),
            f.path("revision").asText(),
            f.path("message").asText());
      }
      table.print(out);
    }
    out.flush();
  }
}
