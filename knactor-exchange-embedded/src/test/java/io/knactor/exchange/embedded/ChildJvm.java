package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs a main class in a child JVM on this test's class path, for the crash tests. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with {@code args}, reads its output lines until {@code enough} holds for
   * the lines so far (or the output ends), kills it with SIGKILL and returns every line it printed,
   * those printed just before it died included. Its standard error goes to {@code stderr}.
   */
  public static List<String> runThenKill(
      Class<?> main, Path stderr, Predicate<List<String>> enough, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (!enough.test(lines) && (line = out.readLine()) != null) {
        lines.add(line);
      }
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe,
      // losing acknowledgements the child printed just before it died.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended").isTrue();
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }
}
