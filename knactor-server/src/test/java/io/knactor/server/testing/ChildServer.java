package io.knactor.server.testing;

import io.knactor.server.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Main} running in a child JVM on a data directory, for crash tests: {@link #kill()} is
 * SIGKILL.
 */
public final class ChildServer implements AutoCloseable {
  private static final String READY = "knactor-server listening on ";

  private final Process process;
  private final URI uri;

  private ChildServer(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /** Starts {@code io.knactor.server.Main} on {@code dataDir} and waits until it listens. */
  public static ChildServer start(Path dataDir, Path log) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "--data-dir",
                    dataDir.toString(),
                    "--port",
                    "0",
                    "--admin-token",
                    TestServers.ADMIN_TOKEN))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    CompletableFuture<URI> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith(READY)) {
                    ready.complete(URI.create(line.substring(READY.length()).strip()));
                  }
                }
                ready.completeExceptionally(new IllegalStateException("server exited, see " + log));
              } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "child-server-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ChildServer(process, ready.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("the child server did not start; see " + log, e);
    }
  }

  public URI uri() {
    return uri;
  }

  /** SIGKILL, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
