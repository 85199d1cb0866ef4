package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Table;

/** {@code knactor get cast [NAME]}: the applied Casts, or one Cast's status. */
final class CastPrinter extends IntegratorPrinter {
  CastPrinter(ClientCommand command, OutputFormat output) {
    super(command, output, "casts");
  }

  @Override
  void printList(JsonNode items) {
    Table table = new Table("NAME", "REVISION", "PHASE", "POSITION", "FAILURES");
    for (JsonNode cast : items) {
      table.row(
          cast.path("name").asText(),
          cast.path("revision").asText(),
          cast.path("phase").asText(),
          cast.path("position").asText(),
          Integer.toString(cast.path("failures").size()));
    }
    if (table.isEmpty()) {
      out().println("No casts are applied.");
    } else {
      table.print(out());
    }
  }

  @Override
  void printStatus(JsonNode status) {
    var out = out();
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
  }
}
