package io.knactor.cli;

import io.knactor.cast.check.CheckResult;
import io.knactor.core.error.SpecException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    mixinStandardHelpOptions = true,
    name = "check",
    description = {
      "Check a Cast spec against schemas, without applying it.",
      "Prints every issue as FILE:LINE:COLUMN: severity: field: message. Schemas come from",
      "FILE itself, from --schemas (offline), else from the server's registry (online, with",
      "the server's custom functions).",
      "Exit code 0 when the spec checks (warnings are printed), 1 when it has errors.",
      "",
      "Examples:",
      "  knactor check -f retail.cast.yaml --schemas schemas/",
      "  knactor check -f retail.cast.yaml"
    })
final class CheckCommand extends ClientCommand {
  @Mixin CastSpecOptions input;

  @Override
  public Integer call() {
    PrintWriter out = out();
    CheckResult result;
    try {
      result = input.check(this);
    } catch (SpecException e) {
      return printRefusal(e, input, spec.commandLine().getErr());
    }
    if (!result.issues().isEmpty()) {
      out.println(input.cite(result.report()));
    }
    int errors = result.errors().size();
    int warnings = result.warnings().size();
    out.println(
        input.fileName()
            + (errors == 0 ? ": checks" : ": does not check")
            + " ("
            + plural(errors, "error")
            + ", "
            + plural(warnings, "warning")
            + ")");
    out.flush();
    return errors == 0 ? ExitCodes.OK : ExitCodes.SERVER_ERROR;
  }

  /** Prints a spec that does not even parse; exit code 1, as for any spec error. */
  static int printRefusal(SpecException e, CastSpecOptions input, PrintWriter err) {
    for (String line : input.cite(e.getMessage()).split("\n")) {
      err.println(line.strip());
    }
    err.flush();
    return ExitCodes.SERVER_ERROR;
  }

  private static String plural(int count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }
}
