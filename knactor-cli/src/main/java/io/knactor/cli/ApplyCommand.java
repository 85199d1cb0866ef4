package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Table;
import io.knactor.sdk.http.ApiAnswer;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "apply",
    description = {
      "Register schemas, knactors, principals and grants, and apply Casts and Syncs, from a",
      "YAML file.",
      "The file holds one or more documents separated by '---'. The server checks every",
      "document before it stores any; a changed Cast or Sync becomes its next revision.",
      "Tokens the server generates for new principals are printed once: keep them.",
      "Needs an admin token.",
      "",
      "Example:",
      "  knactor apply -f examples/quickstart/knactors.yaml"
    })
final class ApplyCommand extends ClientCommand {
  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "The YAML file ('-' for standard input).")
  Path file;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    byte[] yaml = read(file);
    if (new String(yaml, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      throw usage("file " + file + " is empty: nothing to apply");
    }
    ApiAnswer answer = client().send("POST", "/api/v1/apply", "application/yaml", yaml);
    if (output.json()) {
      printJson(answer.body());
      return ExitCodes.OK;
    }
    Table tokens = new Table("PRINCIPAL", "TOKEN");
    for (JsonNode item : answer.body().path("items")) {
      String kind = item.path("kind").asText().toLowerCase(java.util.Locale.ROOT);
      String name = item.path("name").asText();
      out().println(kind + "/" + name + " " + item.path("action").asText());
      if (item.hasNonNull("token")) {
        tokens.row(name, item.get("token").asText());
      }
    }
    if (!tokens.isEmpty()) {
      out().println();
      out().println("Generated tokens (shown once; keep them):");
      tokens.print(out());
    }
    out().flush();
    return ExitCodes.OK;
  }
}
