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
    description = {
      "Show the revisions of a Cast or a Sync, or roll it back.",
      "Name a Cast as NAME or cast/NAME, a Sync as sync/NAME."
    },
    subcommands = {RolloutCommand.History.class, RolloutCommand.Undo.class})
final class RolloutCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: history or undo");
  }

  /** What a rollout names: {@code cast/NAME} (or a bare NAME) or {@code sync/NAME}. */
  record Target(String kind, String name) {
    static Target parse(ClientCommand command, String text) {
      int slash = text.indexOf('/');
      String kind = slash < 0 ? "cast" : text.substring(0, slash);
      if (!kind.equals("cast") && !kind.equals("sync")) {
        throw command.usage(
            "unknown kind '" + kind + "' in '" + text + "': name cast/NAME or sync/NAME");
      }
      return new Target(kind, command.name(text.substring(slash + 1)));
    }

    String path(String action) {
      return "/api/v1/" + kind + "s/" + name + "/" + action;
    }

    @Override
    public String toString() {
      return kind + "/" + name;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "history",
      description = {
        "List the kept revisions of a Cast or a Sync, oldest first; '*' marks the running one.",
        "",
        "Examples:",
        "  knactor rollout history retail",
        "  knactor rollout history sync/home"
      })
  static final class History extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "NAME or cast/NAME, or sync/NAME")
    String target;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      JsonNode revisions = get(Target.parse(this, target).path("revisions"));
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
        "Roll a Cast or a Sync back to a kept revision (default: the one before the running",
        "one). The rollback is itself a new revision, checked against the current schemas",
        "first; a Sync's new revision resumes from the offsets the running one committed.",
        "Needs an admin token.",
        "",
        "Examples:",
        "  knactor rollout undo retail",
        "  knactor rollout undo retail --to-revision 2",
        "  knactor rollout undo sync/home"
      })
  static final class Undo extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "NAME or cast/NAME, or sync/NAME")
    String target;

    @Option(names = "--to-revision", paramLabel = "N", description = "The revision to run again.")
    Long toRevision;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      Target rolled = Target.parse(this, target);
      String path = rolled.path("rollback");
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
              rolled
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
