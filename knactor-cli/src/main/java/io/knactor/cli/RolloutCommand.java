package io.knactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cli.output.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "rollout",
    description = "Show a Cast's revisions or roll it back.",
    subcommands = {RolloutCommand.History.class, RolloutCommand.Undo.class})
final class RolloutCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: history or undo");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "history",
      description = {
        "List the kept revisions of a Cast, oldest first; '*' marks the running one.",
        "",
        "Example:",
        "  knactor rollout history retail"
      })
  static final class History extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CAST")
    String cast;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      JsonNode revisions = get("/api/v1/casts/" + name(cast) + "/revisions");
      if (output.json()) {
        printJson(revisions);
        return ExitCodes.OK;
      }
      printRevisions(revisions);
      return ExitCodes.OK;
    }

    void printRevisions(JsonNode revisions) {
      long current = revisions.path("current").asLong();
      Table table = new Table("REVISION", "APPLIED", "CAUSE");
      for (JsonNode r : revisions.path("revisions")) {
        long number = r.path("revision").asLong();
        table.row(
            (number == current ? "*" : " ") + number,
            r.path("appliedAt").asText(),
            r.path("cause").asText());
      }
      table.print(out());
      out().flush();
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "undo",
      description = {
        "Roll a Cast back to a kept revision (default: the one before the running one).",
        "The rollback is itself a new revision, checked against the current schemas first.",
        "Needs an admin token.",
        "",
        "Examples:",
        "  knactor rollout undo retail",
        "  knactor rollout undo retail --to-revision 2"
      })
  static final class Undo extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CAST")
    String cast;

    @Option(names = "--to-revision", paramLabel = "N", description = "The revision to run again.")
    Long toRevision;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      String path = "/api/v1/casts/" + name(cast) + "/rollback";
      if (toRevision != null) {
        path = ApiPaths.withQuery(path, ApiPaths.query("toRevision", toRevision.toString()));
      }
      JsonNode revisions = client().send("POST", path, null, null).body();
      if (output.json()) {
        printJson(revisions);
        return ExitCodes.OK;
      }
      JsonNode last = revisions.path("revisions").get(revisions.path("revisions").size() - 1);
      out()
          .println(
              "cast/"
                  + cast
                  + " rolled back: revision "
                  + revisions.path("current").asLong()
                  + " ("
                  + last.path("cause").asText()
                  + ")");
      out().flush();
      return ExitCodes.OK;
    }
  }
}
