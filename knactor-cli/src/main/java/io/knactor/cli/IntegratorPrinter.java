package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * {@code knactor get cast|sync [NAME]}: the applied integrators of one kind as a table, or one's
 * status; the server's JSON with {@code -o json}.
 */
abstract class IntegratorPrinter {
  final ClientCommand command;
  private final OutputFormat output;
  private final String collection;

  /**
   * @param collection the API collection, e.g. {@code casts}
   */
  IntegratorPrinter(ClientCommand command, OutputFormat output, String collection) {
    this.command = command;
    this.output = output;
    this.collection = collection;
  }

  int print(String name) {
    String path = "/api/v1/" + collection;
    JsonNode body = command.get(name == null ? path : path + "/" + command.name(name));
    if (output.json()) {
      command.printJson(body);
    } else if (name == null) {
      printList(body.path("items"));
    } else {
      printStatus(body);
    }
    command.out().flush();
    return ExitCodes.OK;
  }

  abstract void printList(JsonNode items);

  abstract void printStatus(JsonNode status);

  PrintWriter out() {
    return command.out();
  }
}
