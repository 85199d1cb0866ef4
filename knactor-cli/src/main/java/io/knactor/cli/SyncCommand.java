package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "sync",
    description = "Change how a running Sync is spread over its instances.",
    subcommands = {SyncCommand.Scale.class, SyncCommand.Assign.class})
final class SyncCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: scale or assign");
  }

  /** Posts {@code body} to {@code /api/v1/syncs/NAME/ACTION} and prints the answer. */
  abstract static class SyncChange extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SYNC")
    String sync;

    @Mixin OutputFormat output;

    JsonNode post(String action, ObjectNode body) {
      return client()
          .send(
              "POST",
              "/api/v1/syncs/" + name(sync) + "/" + action,
              "application/json",
              body.toString().getBytes(StandardCharsets.UTF_8))
          .body();
    }

    int print(JsonNode answer, String line, JsonNode status) {
      if (output.json()) {
        printJson(answer);
        return ExitCodes.OK;
      }
      out().println(line);
      new SyncPrinter(this, output).printStatus(status);
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "scale",
      description = {
        "Run a Sync with N instances, live: only the partitions whose owner changes move, each",
        "resuming from its committed offset. Kept across revisions and restarts.",
        "Needs an admin token.",
        "",
        "Example:",
        "  knactor sync scale home --parallelism 3"
      })
  static final class Scale extends SyncChange {
    @Option(
        names = "--parallelism",
        required = true,
        paramLabel = "N",
        description = "Instances, from 1 to the partitions of the Sync's sources.")
    int parallelism;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      body.put("parallelism", parallelism);
      JsonNode status = post("scale", body);
      return print(
          status, "sync/" + sync + " scaled to " + status.path("parallelism").asInt(), status);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "assign",
      description = {
        "Move one partition of a running Sync to one of its instances, live. The assignment",
        "lasts until the Sync is scaled, given a new revision, or the server restarts.",
        "Needs an admin token.",
        "",
        "Example:",
        "  knactor sync assign home --partition 2 --instance 0"
      })
  static final class Assign extends SyncChange {
    @Option(names = "--partition", required = true, paramLabel = "P")
    int partition;

    @Option(
        names = "--instance",
        required = true,
        paramLabel = "I",
        description = "An instance, from 0 to the parallelism less one.")
    int instance;

    @Option(
        names = "--source",
        paramLabel = "STORE",
        description = "The source's log store, for a Sync reading several.")
    String source;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      body.put("partition", partition);
      body.put("instance", instance);
      if (source != null) {
        body.put("source", store(source).toString());
      }
      JsonNode answer = post("assign", body);
      String line =
          answer.path("moved").asBoolean()
              ? "sync/"
                  + sync
                  + " partition "
                  + partition
                  + " moved from instance "
                  + answer.path("from").asInt()
                  + " to "
                  + answer.path("to").asInt()
              : "sync/"
                  + sync
                  + " partition "
                  + partition
                  + " is on instance "
                  + instance
                  + " already";
      return print(answer, line, answer.path("status"));
    }
  }
}
