package io.knactor.exchange.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests, on a free loopback port, with its files in a directory of
 * the test's choosing and acknowledged-write durability ({@code appendonly yes}, {@code appendfsync
 * always}). Found as {@code $KNACTOR_REDIS_SERVER}, {@code /usr/bin/redis-server} or on the PATH;
 * CI installs it ({@code .ci/run}). Other modules use it through this module's test-jar.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start(tempDir)) {
 *   ObjectExchange exchange = ObjectExchanges.open(redis.uri());
 *   ...
 *   redis.kill();                // SIGKILL
 *   redis = redis.restart();     // same port, same files
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(30);
  private static RedisServerProcess shared;

  private final Path dir;
  private final int port;
  private final Process process;

  private RedisServerProcess(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts a server on a free port with its files in {@code dir}; waits until it answers PING. */
  public static RedisServerProcess start(Path dir) {
    return start(dir, freePort());
  }

  /** One server for the whole test JVM, started on first use and stopped when the JVM exits. */
  public static synchronized RedisServerProcess shared() {
    if (shared == null || !shared.process.isAlive()) {
      try {
        shared = start(Files.createTempDirectory("knactor-redis"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RedisServerProcess server = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    deleteRecursively(server.dir);
                  }));
    }
    return shared;
  }

  private static RedisServerProcess start(Path dir, int port) {
    try {
      Files.createDirectories(dir);
      Process process =
          new ProcessBuilder(
                  List.of(
                      executable(),
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--dir",
                      dir.toString(),
                      "--appendonly",
                      "yes",
                      "--appendfsync",
                      "always",
                      "--save",
                      "",
                      "--daemonize",
                      "no",
                      "--logfile",
                      dir.resolve("redis.log").toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.out").toFile())
              .start();
      RedisServerProcess server = new RedisServerProcess(dir, port, process);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server in " + dir, e);
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /** {@code redis://127.0.0.1:port/0?prefix=...} for {@code ObjectExchanges.open}. */
  public java.net.URI uri(String prefix) {
    return java.net.URI.create("redis://127.0.0.1:" + port + "/0?prefix=" + prefix);
  }

  /** Options for an exchange on this server under {@code prefix}. */
  public RedisOptions options(String prefix) {
    return RedisOptions.of("127.0.0.1", port).withPrefix(prefix);
  }

  /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** Starts a new server on the same port and files, after {@link #kill} or {@link #close}. */
  public RedisServerProcess restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    return start(dir, port);
  }

  /** Stops the server (SIGTERM, then SIGKILL if it lingers). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    awaitExit();
  }

  private void awaitExit() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    await("redis-server on port " + port + " (log: " + dir.resolve("redis.log") + ")")
        .atMost(READY)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "redis-server exited with "
                        + process.exitValue()
                        + ": "
                        + Files.readString(dir.resolve("redis.out"))
                        + readLog());
              }
              return answersPing();
            });
  }

  private String readLog() throws IOException {
    Path log = dir.resolve("redis.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, 7);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static String executable() {
    String configured = System.getenv("KNACTOR_REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
      return "/usr/bin/redis-server";
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(entry, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "redis-server not found: install it (apt-get install redis-server) or set"
            + " KNACTOR_REDIS_SERVER");
  }

  private static void deleteRecursively(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Best effort at JVM exit: a leftover temporary directory is harmless.
    }
  }

  /** A loopback port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
