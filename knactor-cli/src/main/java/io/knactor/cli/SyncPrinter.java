package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Table;

/**
 * {@code knactor get sync [NAME]}: the applied Syncs, or one Sync's status with its partitions;
 * also what {@code knactor sync scale|assign} print.
 */
final class SyncPrinter extends IntegratorPrinter {
  SyncPrinter(ClientCommand command, OutputFormat output) {
    super(command, output, "syncs");
  }

  @Override
  void printList(JsonNode items) {
    Table table = new Table("NAME", "REVISION", "PHASE", "PARALLELISM", "LAG");
    for (JsonNode sync : items) {
      table.row(
          sync.path("name").asText(),
          sync.path("revision").asText(),
          sync.path("phase").asText(),
          sync.path("parallelism").asText(),
          sync.path("lag").asText("-"));
    }
    if (table.isEmpty()) {
      out().println("No syncs are applied.");
    } else {
      table.print(out());
    }
  }

  @Override
  void printStatus(JsonNode status) {
    var out = out();
    out.println("sync/" + status.path("name").asText());
    out.println("revision:    " + status.path("revision").asText());
    out.println("phase:       " + status.path("phase").asText());
    out.println("parallelism: " + status.path("parallelism").asText());
    if (!status.path("problem").asText().isEmpty()) {
      out.println("problem:     " + status.path("problem").asText());
    }
    if (!status.path("lastFailure").asText().isEmpty()) {
      out.println("lastFailure: " + status.path("lastFailure").asText());
    }
    if (status.path("partitions").isEmpty()) {
      return;
    }
    out.println("partitions:");
    Table table =
        new Table("STORE", "KIND", "PARTITION", "OWNER", "OFFSET", "END", "LAG", "RECORDS");
    for (JsonNode p : status.path("partitions")) {
      table.row(
          p.path("store").asText(),
          p.path("kind").asText(),
          p.path("partition").asText(),
          p.path("owner").asText(),
          p.path("committedOffset").asText(),
          p.path("endOffset").asText(),
          p.path("lag").asText(),
          p.path("records").asText());
    }
    table.print(out);
  }
}
