package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.model.StoreRef;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "tail",
    description = {
      "Follow a log store: print new records as they arrive, until interrupted or until",
      "--max-records were printed. Starts at the end (only new records) unless --from or",
      "--beginning says otherwise. Waits on the server (a long poll), never spins.",
      "",
      "Examples:",
      "  knactor log tail Home/v1/Motion/motion-a",
      "  knactor log tail Home/v1/Motion/motion-a --beginning -o json"
    })
final class LogTailCommand extends LogReadCommand {
  private static final String WAIT = "PT30S";

  @Option(names = "--beginning", description = "Start at every partition's first retained record.")
  boolean beginning;

  @Option(
      names = "--max-records",
      paramLabel = "N",
      description = "Stop after N records instead of following until interrupted.")
  Integer maxRecords;

  @Override
  public Integer call() {
    if (maxRecords != null && maxRecords <= 0) {
      throw usage("--max-records must be positive, got " + maxRecords);
    }
    if (beginning && from != null) {
      throw usage("--beginning and --from both say where to start; give one");
    }
    StoreRef ref = store(store);
    String next = from != null ? from : beginning ? null : end(ref);
    int seen = 0;
    while (maxRecords == null || seen < maxRecords) {
      JsonNode answer = request(ref, next, WAIT);
      seen += printRecords(answer);
      next = next(answer);
    }
    return ExitCodes.OK;
  }

  private String end(StoreRef ref) {
    JsonNode info = get(LogCommand.logPath(ref));
    StringJoiner pairs = new StringJoiner(",");
    for (JsonNode range : info.path("ranges")) {
      pairs.add(range.path("partition").asInt() + ":" + range.path("endOffset").asLong());
    }
    return pairs.toString();
  }
}
