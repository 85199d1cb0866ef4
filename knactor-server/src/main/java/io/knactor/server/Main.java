package io.knactor.server;

import io.knactor.core.error.KnactorException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a knactor server until the process is stopped:
 *
 * <pre>
 * java -cp ... io.knactor.server.Main --data-dir DIR [--port 8080] [--host 127.0.0.1]
 *     [--admin-token TOKEN] [--objects URI] [--logs URI]
 * </pre>
 *
 * The admin token may instead come from the environment variable {@code KNACTOR_ADMIN_TOKEN}, which
 * keeps it out of the process list. Once listening, prints {@code knactor-server listening on
 * http://HOST:PORT} on standard output (with the chosen port when {@code --port 0}).
 */
public final class Main {
  /** The environment variable read when {@code --admin-token} is absent. */
  public static final String ADMIN_TOKEN_ENV = "KNACTOR_ADMIN_TOKEN";

  private static final String USAGE =
      "usage: knactor-server --data-dir DIR [--port N] [--host ADDRESS] [--admin-token TOKEN]"
          + " [--objects URI] [--logs URI]\n"
          + "  the admin token may also be given in $"
          + ADMIN_TOKEN_ENV;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    ServerConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException | KnactorException e) {
      System.err.println("knactor-server: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    KnactorServer server;
    try {
      server = KnactorServer.start(config);
    } catch (KnactorException e) {
      System.err.println("knactor-server: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "knactor-shutdown"));
    System.out.println("knactor-server listening on " + server.uri());
    System.out.flush();
    stopped.await();
  }

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException naming the option that is missing, unknown or malformed
   */
  static ServerConfig parse(String[] args) {
    ServerConfig.Builder builder = ServerConfig.builder();
    String token = System.getenv(ADMIN_TOKEN_ENV);
    boolean dataDir = false;
    boolean objects = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException("help requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--data-dir" -> {
          builder.dataDir(Path.of(value));
          dataDir = true;
        }
        case "--port" -> builder.port(port(value));
        case "--host" -> builder.host(value);
        case "--admin-token" -> token = value;
        case "--objects" -> {
          builder.objects(URI.create(value));
          objects = true;
        }
        case "--logs" -> builder.logs(URI.create(value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (!dataDir && !objects) {
      throw new IllegalArgumentException("--data-dir is required");
    }
    if (token == null) {
      throw new IllegalArgumentException(
          "an admin token is required: --admin-token or $" + ADMIN_TOKEN_ENV);
    }
    return builder.adminToken(token).build();
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, got '" + text + "'", e);
    }
  }
}
