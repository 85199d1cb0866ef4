package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "read",
    description = {
      "Print stored records, one line each: partition:offset key time value.",
      "",
      "Examples:",
      "  knactor log read Home/v1/Motion/motion-a",
      "  knactor log read Home/v1/Motion/motion-a --from 2:100 --max 10 -o json"
    })
class LogReadCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "STORE", description = "App/version/Type/instance")
  String store;

  @Option(
      names = "--from",
      paramLabel = "P:O,...",
      description = "Where to start, as partition:offset pairs (default: every partition's start).")
  String from;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N records per request (default: ${DEFAULT-VALUE}).")
  int max;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    StoreRef ref = store(store);
    printRecords(request(ref, from, null));
    return ExitCodes.OK;
  }

  /**
   * The server's answer to one read from {@code from} (null: its default), waiting up to {@code
   * wait}.
   */
  JsonNode request(StoreRef ref, String from, String wait) {
    String path =
        ApiPaths.withQuery(
            LogCommand.logPath(ref) + "/records",
            ApiPaths.query("from", from, "max", String.valueOf(max), "wait", wait));
    return client().send("GET", path, null, null).body();
  }

  /** Prints the answer's records and returns how many. */
  int printRecords(JsonNode answer) {
    int printed = 0;
    for (JsonNode record : answer.path("records")) {
      out()
          .println(
              output.json()
                  ? new String(Json.write(record), StandardCharsets.UTF_8)
                  : LogCommand.line(record));
      printed++;
    }
    out().flush();
    return printed;
  }

  /** The answer's {@code next} offsets as {@code --from} text. */
  static String next(JsonNode answer) {
    StringJoiner pairs = new StringJoiner(",");
    Iterator<Map.Entry<String, JsonNode>> next = answer.path("next").fields();
    while (next.hasNext()) {
      Map.Entry<String, JsonNode> pair = next.next();
      pairs.add(pair.getKey() + ":" + pair.getValue().asLong());
    }
    return pairs.toString();
  }
}
