package io.knactor.bench.retail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A backend server the benchmark starts as a child process on free loopback ports, with its files
 * in a directory of the run: redis-server with acknowledged-write durability ({@code appendonly
 * yes}, {@code appendfsync always}), or a single-member etcd (which fsyncs its WAL on every write).
 * Killed when closed.
 */
final class BackendProcess implements AutoCloseable {
  private final Process process;
  private final URI uri;

  private BackendProcess(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /** The object exchange URI of the server, for {@code ObjectExchanges.open}. */
  URI uri() {
    return uri;
  }

  /** The executable, when installed at {@code path} or on the PATH. */
  static boolean installed(String name) {
    return executable(name) != null;
  }

  static BackendProcess redis(Path dir) {
    int port = freePort();
    return start(
        dir,
        List.of(
            executable("redis-server"),
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
            "no"),
        port,
        URI.create("redis://127.0.0.1:" + port + "/0?prefix=bench"));
  }

  static BackendProcess etcd(Path dir) {
    int client = freePort();
    int peer = freePort();
    String clientUrl = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    return start(
        dir,
        List.of(
            executable("etcd"),
            "--name=bench",
            "--data-dir=" + dir.resolve("data"),
            "--listen-client-urls=" + clientUrl,
            "--advertise-client-urls=" + clientUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=bench=" + peerUrl,
            "--initial-cluster-state=new",
            "--max-request-bytes=8388608"),
        client,
        URI.create("etcd://127.0.0.1:" + client));
  }

  private static BackendProcess start(Path dir, List<String> command, int port, URI uri) {
    try {
      Files.createDirectories(dir);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
      BackendProcess server = new BackendProcess(process, uri);
      server.awaitListening(port, dir);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  private void awaitListening(int port, Path dir) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the backend server exited at start; see " + dir.resolve("server.log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleepBriefly();
      }
    }
    close();
    throw new IllegalStateException(
        "the backend server did not listen on port " + port + " within 30 s; see " + dir);
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the backend server", e);
    }
  }

  private static String executable(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
