package io.knactor.cli;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Knactor server until interrupted (Ctrl-C). Objects are kept in the embedded",
      "exchange under --data-dir, or where --objects says (e.g. redis://127.0.0.1:6379).",
      "State survives restarts. The admin token comes from",
      "--admin-token, else $KNACTOR_ADMIN_TOKEN, else a new one is generated and printed.",
      "",
      "Example:",
      "  knactor up --data-dir ./knactor-data --port 8080",
      "  knactor up --objects redis://127.0.0.1:6379",
      "  knactor up --logs kafka://127.0.0.1:9092"
    })
final class UpCommand implements Callable<Integer> {
  static final String ADMIN_TOKEN_ENV = "KNACTOR_ADMIN_TOKEN";

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "knactor-data",
      paramLabel = "DIR",
      description = "Where the server keeps its state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--objects",
      paramLabel = "URI",
      description =
          "The object exchange: embedded:DIR, redis://HOST:PORT[/DB][?prefix=NAME] or"
              + " etcd://HOST:PORT[,HOST:PORT...][?prefix=/PATH]"
              + " (default: embedded:DATA-DIR/objects).")
  URI objects;

  @Option(
      names = "--logs",
      paramLabel = "URI",
      description =
          "The log exchange: embedded:DIR or kafka://HOST:PORT[,HOST:PORT...][?namespace=NAME]"
              + " (default: embedded:DATA-DIR/logs).")
  URI logs;

  @Option(
      names = "--port",
      defaultValue = "" + KnactorCli.DEFAULT_PORT,
      paramLabel = "PORT",
      description = "The TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = ServerConfig.DEFAULT_HOST,
      paramLabel = "ADDRESS",
      description = "The address to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      description = "The admin's bearer token, at least 16 characters.")
  String adminToken;

  @Override
  public Integer call() {
    KnactorCli root = (KnactorCli) spec.root().userObject();
    String fromEnv = root.env().get(ADMIN_TOKEN_ENV);
    boolean generated = adminToken == null && fromEnv == null;
    String token = adminToken != null ? adminToken : generated ? newToken() : fromEnv;
    ServerConfig config;
    try {
      config =
          ServerConfig.builder()
              .dataDir(dataDir.toAbsolutePath())
              .host(host)
              .port(port)
              .adminToken(token)
              .objects(objects)
              .logs(logs)
              .build();
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    KnactorServer server;
    try {
      server = KnactorServer.start(config);
    } catch (KnactorException e) {
      spec.commandLine().getErr().println("error: cannot start the server: " + e.getMessage());
      return ExitCodes.SERVER_ERROR;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "knactor-up-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    printWelcome(spec.commandLine().getOut(), server, generated ? token : null);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Interrupted in-process (tests, embedding): stop as Ctrl-C would.
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private void printWelcome(PrintWriter out, KnactorServer server, String generatedToken) {
    out.println("Knactor server listening on " + server.uri());
    out.println("Data directory: " + dataDir.toAbsolutePath());
    if (objects != null) {
      out.println("Objects: " + objects);
    }
    if (logs != null) {
      out.println("Logs: " + logs);
    }
    out.println();
    out.println("Connect the CLI:");
    out.println("  export KNACTOR_SERVER=" + server.uri());
    out.println(
        "  export KNACTOR_TOKEN="
            + (generatedToken != null ? generatedToken : "<the admin token you gave>"));
    if (generatedToken != null) {
      out.println(
          "  (a new admin token; pass --admin-token or set $" + ADMIN_TOKEN_ENV + " to keep one)");
    }
    out.println("  knactor apply -f knactors.yaml");
    out.println();
    out.println("Connect a Java knactor over HTTP:");
    out.println(
        "  new HttpObjectExchange(URI.create(\""
            + server.uri()
            + "\"), \"<the knactor's token>\")");
    out.println();
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
