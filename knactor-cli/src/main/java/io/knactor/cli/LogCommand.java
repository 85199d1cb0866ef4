package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    mixinStandardHelpOptions = true,
    name = "log",
    description = {
      "Work with a knactor's log store: create it, append records, read, tail or query them.",
      "",
      "Examples:",
      "  knactor log create Home/v1/Motion/motion-a Reading --partitions 4",
      "  knactor log append Home/v1/Motion/motion-a living-room --data '{\"triggered\": true}'",
      "  knactor log read Home/v1/Motion/motion-a --from 0:0,1:0 --max 20",
      "  knactor log tail Home/v1/Motion/motion-a",
      "  knactor log query Home/v1/Motion/motion-a 'filter: level > 0.5 | cut: [room, level]'"
    },
    subcommands = {
      LogCommand.Create.class,
      LogCommand.Append.class,
      LogReadCommand.class,
      LogTailCommand.class,
      LogQueryCommand.class
    })
final class LogCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "name a subcommand: create, append, read, tail, query");
  }

  /** The API path of {@code store}'s log. */
  static String logPath(StoreRef store) {
    return ApiPaths.storePath(store) + "/logs";
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = {
        "Create a log store (or update its retention), then show it.",
        "",
        "Example:",
        "  knactor log create Home/v1/Motion/motion-a Reading --partitions 4 --max-age P7D"
      })
  static final class Create extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
    String store;

    @Parameters(index = "1", paramLabel = "KIND", description = "The kind of its records.")
    String kind;

    @Option(
        names = "--partitions",
        paramLabel = "N",
        defaultValue = "1",
        description = "Partition count, 1 to 1024 (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--max-age",
        paramLabel = "DURATION",
        description = "Drop records older than this (ISO-8601, e.g. P7D).")
    String maxAge;

    @Option(
        names = "--max-bytes",
        paramLabel = "N",
        description = "Keep at most N bytes of records per partition.")
    Long maxBytes;

    @Override
    public Integer call() {
      var body = Json.object().put("kind", kind(kind)).put("partitions", partitions);
      var retention = body.putObject("retention");
      if (maxAge != null) {
        retention.put("maxAge", maxAge);
      }
      if (maxBytes != null) {
        retention.put("maxBytes", maxBytes);
      }
      JsonNode info =
          client().send("PUT", logPath(store(store)), "application/json", Json.write(body)).body();
      printJson(info);
      return ExitCodes.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "append",
      description = {
        "Append one record and print where it landed.",
        "",
        "Example:",
        "  knactor log append Home/v1/Motion/motion-a living-room --data '{\"triggered\": true}'"
      })
  static final class Append extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
    String store;

    @Parameters(
        index = "1",
        paramLabel = "KEY",
        description = "The record's key (chooses its partition).")
    String key;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DataInput input;

    @Option(
        names = "--time",
        paramLabel = "RFC3339",
        description = "The event time (default: now).")
    String time;

    @Override
    public Integer call() {
      var record = Json.object().put("key", key);
      if (time != null) {
        record.put("timestamp", time);
      }
      record.set("value", jsonObject(input));
      var body = Json.object();
      body.putArray("records").add(record);
      JsonNode answer =
          client()
              .send(
                  "POST", logPath(store(store)) + "/records", "application/json", Json.write(body))
              .body();
      JsonNode at = answer.path("positions").path(0);
      out()
          .println(
              "appended to partition "
                  + at.path("partition").asInt()
                  + " at offset "
                  + at.path("offset").asLong());
      out().flush();
      return ExitCodes.OK;
    }
  }

  /** One record as a line: {@code partition:offset key timestamp value}. */
  static String line(JsonNode record) {
    return record.path("partition").asInt()
        + ":"
        + record.path("offset").asLong()
        + " "
        + record.path("key").asText()
        + " "
        + record.path("timestamp").asText()
        + " "
        + new String(Json.write(record.path("value")), StandardCharsets.UTF_8);
  }
}
