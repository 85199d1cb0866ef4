package io.knactor.cli;

import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnauthorizedException;
import io.knactor.sdk.http.ServerUnreachableException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Prints failures for people, one per command, and picks the exit code: the server's reason,
 * message and field for an error answer; the message and a pointer to the help for a usage error.
 */
final class ErrorPrinter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    int code;
    if (e instanceof ServerUnreachableException u) {
      err.println("error: " + unreachable(u));
      code = ExitCodes.UNREACHABLE;
    } else if (e instanceof KnactorException k) {
      err.println(serverError(k));
      if (k instanceof UnauthorizedException) {
        err.println("  hint: pass a token with --token or set KNACTOR_TOKEN");
      }
      code = ExitCodes.SERVER_ERROR;
    } else {
      err.println("error: " + e);
      e.printStackTrace(err);
      code = ExitCodes.SERVER_ERROR;
    }
    err.flush();
    return code;
  }

  /** What to do when nothing answers at the server address. */
  static String unreachable(ServerUnreachableException e) {
    String detail = e.getCause() == null ? null : e.getCause().getMessage();
    return "cannot reach the Knactor server at "
        + e.server()
        + " ("
        + (detail == null ? "connection refused" : detail)
        + "); is it running? Start one with 'knactor up'.";
  }

  /** {@code Error from server (Reason): message}, and the field on its own line when known. */
  static String serverError(KnactorException e) {
    return "Error from server ("
        + e.reason()
        + "): "
        + e.getMessage()
        + (e.field() == null || e.field().isEmpty() ? "" : "\n  field: " + e.field());
  }

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }
}
