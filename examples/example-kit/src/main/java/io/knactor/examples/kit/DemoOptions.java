package io.knactor.examples.kit;

import io.knactor.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of an example's demo: the options every demo takes, which say where its Knactor
 * server runs and keeps its state, and the demo's own integer options, each with a default.
 *
 * <pre>
 * [--port P] [--data-dir DIR] [--objects URI] [--logs URI] [--keep-running] [--NAME N ...]
 * </pre>
 *
 * {@code --objects} and {@code --logs} take the URIs {@code knactor up} takes ({@code
 * embedded:DIR}, {@code redis://HOST:PORT}, {@code etcd://HOST:PORT}, {@code kafka://HOST:PORT},
 * see docs/backends.md); without them both exchanges are embedded under the data directory. The
 * backend of a URI is found by its scheme when the server starts, which names the schemes on the
 * class path if none serves it.
 */
public final class DemoOptions {
  private final int port;
  private final Path dataDir;
  private final URI objects;
  private final URI logs;
  private final boolean keepRunning;
  private final Map<String, Integer> counts;

  private DemoOptions(
      int port,
      Path dataDir,
      URI objects,
      URI logs,
      boolean keepRunning,
      Map<String, Integer> counts) {
    this.port = port;
    this.dataDir = dataDir;
    this.objects = objects;
    this.logs = logs;
    this.keepRunning = keepRunning;
    this.counts = counts;
  }

  /**
   * Parses {@code args} of the demo {@code program}, whose own options are the integer options
   * {@code counts} (e.g. {@code --orders}) with their defaults; each must be at least 1.
   *
   * @throws IllegalArgumentException naming the option, and the usage, for an unknown option, a
   *     missing or malformed value
   */
  public static DemoOptions parse(String program, String[] args, Map<String, Integer> counts) {
    int port = 8080;
    Path dataDir = null;
    URI objects = null;
    URI logs = null;
    boolean keepRunning = false;
    Map<String, Integer> values = new LinkedHashMap<>(counts);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--port" -> port = integer(option, value(args, ++i), 0);
        case "--data-dir" -> dataDir = Path.of(value(args, ++i));
        case "--objects" -> objects = uri(option, value(args, ++i));
        case "--logs" -> logs = uri(option, value(args, ++i));
        case "--keep-running" -> keepRunning = true;
        default -> {
          if (!counts.containsKey(option)) {
            throw new IllegalArgumentException(
                "unknown option " + option + " (usage: " + usage(program, counts) + ")");
          }
          values.put(option, integer(option, value(args, ++i), 1));
        }
      }
    }
    try {
      return new DemoOptions(
          port,
          dataDir != null ? dataDir : Files.createTempDirectory("knactor-demo"),
          objects,
          logs,
          keepRunning,
          Map.copyOf(values));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The usage line of {@code program} with its own options {@code counts}. */
  public static String usage(String program, Map<String, Integer> counts) {
    StringBuilder usage = new StringBuilder(program);
    counts.keySet().forEach(name -> usage.append(" [").append(name).append(" N]"));
    return usage
        .append(" [--port P] [--data-dir DIR] [--objects URI] [--logs URI] [--keep-running]")
        .toString();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static int integer(String option, String value, int min) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer, not '" + value + "'", e);
    }
    if (parsed < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", not " + parsed);
    }
    return parsed;
  }

  private static URI uri(String option, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null) {
        throw new IllegalArgumentException(
            option
                + " needs a URI with a scheme, such as embedded:DIR, redis://HOST:PORT,"
                + " etcd://HOST:PORT or kafka://HOST:PORT, not '"
                + value
                + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(option + " is not a URI: " + e.getMessage(), e);
    }
  }

  /** The server's configuration from these options, with {@code adminToken}. */
  public ServerConfig serverConfig(String adminToken) {
    return ServerConfig.builder()
        .dataDir(dataDir.toAbsolutePath())
        .port(port)
        .adminToken(adminToken)
        .objects(objects)
        .logs(logs)
        .build();
  }

  /** The value of the demo's own option {@code name}, e.g. {@code --orders}. */
  public int count(String name) {
    Integer value = counts.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no option " + name + " (have " + counts.keySet() + ")");
    }
    return value;
  }

  /** An admin token for a demo run: {@code $KNACTOR_ADMIN_TOKEN}, else a new random one. */
  public static String adminToken(String prefix) {
    String fromEnv = System.getenv("KNACTOR_ADMIN_TOKEN");
    if (fromEnv != null) {
      return fromEnv;
    }
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return prefix + "-" + HexFormat.of().formatHex(bytes);
  }

  /** Where the exchanges are, as the server will open them, e.g. {@code redis://h:6379}. */
  public String describeExchanges() {
    ServerConfig config = serverConfig("x".repeat(16));
    return "objects on " + config.objects() + ", logs on " + config.logs();
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public URI objects() {
    return objects;
  }

  public URI logs() {
    return logs;
  }

  public boolean keepRunning() {
    return keepRunning;
  }
}
