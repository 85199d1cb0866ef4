package io.knactor.cli;

import io.knactor.sdk.http.AdminClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code knactor} command. {@link #run} executes one command line in-process (tests do this);
 * {@link #main} runs it as a program and exits with its code (see {@link ExitCodes}).
 */
@Command(
    name = "knactor",
    mixinStandardHelpOptions = true,
    versionProvider = KnactorCli.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Run a Knactor server and read and write the states of its knactors.",
      "",
      "The server and the token come from --server and --token, else from the",
      "environment variables KNACTOR_SERVER and KNACTOR_TOKEN. Without either, the",
      "server is " + KnactorCli.DEFAULT_SERVER + " and no token is sent.",
      ""
    },
    subcommands = {
      UpCommand.class,
      ApplyCommand.class,
      GetCommand.class,
      WatchCommand.class,
      LogCommand.class,
      PutCommand.class,
      PatchCommand.class,
      DeleteCommand.class,
      HistoryCommand.class,
      CheckCommand.class,
      GraphCommand.class,
      RolloutCommand.class,
      SyncCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the server refused or failed the request, 2 usage error",
      "(bad arguments or local input; nothing sent), 3 no server answered."
    })
public final class KnactorCli implements Runnable {
  /** Where {@code knactor up} listens by default, and where the other commands look. */
  public static final int DEFAULT_PORT = 8080;

  public static final String DEFAULT_SERVER = "http://localhost:" + DEFAULT_PORT;

  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = {"The server's URL.", "Default: $KNACTOR_SERVER, else " + DEFAULT_SERVER})
  String server;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = {"The bearer token to act with.", "Default: $KNACTOR_TOKEN"})
  String token;

  private final Map<String, String> env;
  private final InputStream stdin;

  KnactorCli(Map<String, String> env, InputStream stdin) {
    this.env = env;
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), System.in, out, err));
  }

  /**
   * Runs one command line.
   *
   * @param env the environment the defaults come from (KNACTOR_SERVER, KNACTOR_TOKEN)
   * @return the exit code, see {@link ExitCodes}
   */
  public static int run(
      String[] args, Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err) {
    ErrorPrinter errors = new ErrorPrinter();
    return new CommandLine(new KnactorCli(env, stdin))
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setExitCodeExceptionMapper(e -> ExitCodes.SERVER_ERROR)
        .execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** The server URL, by precedence: --server, $KNACTOR_SERVER, the default. */
  URI serverUri() {
    String url = server != null ? server : env.getOrDefault("KNACTOR_SERVER", DEFAULT_SERVER);
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("expected http://host:port");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "invalid server URL '" + url + "' (" + e.getMessage() + "), e.g. " + DEFAULT_SERVER);
    }
  }

  /** The token, by precedence: --token, $KNACTOR_TOKEN, none. */
  String tokenOrNull() {
    return token != null ? token : env.get("KNACTOR_TOKEN");
  }

  AdminClient client() {
    return new AdminClient(serverUri(), tokenOrNull());
  }

  Map<String, String> env() {
    return env;
  }

  InputStream stdin() {
    return stdin;
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = KnactorCli.class.getPackage().getImplementationVersion();
      return new String[] {"knactor " + (version == null ? "development" : version)};
    }
  }
}
