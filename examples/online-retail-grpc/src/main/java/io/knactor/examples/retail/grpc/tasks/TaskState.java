package io.knactor.examples.retail.grpc.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The gRPC app as it stood at one of the paper's integration tasks: T0 before T1, then after T1, T2
 * and T3. The module's own sources are the last state (T3); {@code tasks/Tn/} holds, at the same
 * relative paths, only the files whose state-Tn version differs from the module's.
 *
 * @param moduleDir the directory of examples/online-retail-grpc
 * @param task one of {@link #TASKS}
 */
public record TaskState(Path moduleDir, String task) {
  /** The states, in order. */
  public static final List<String> TASKS = List.of("T0", "T1", "T2", "T3");

  /** The directories, relative to the module, that make up the app: code, APIs, deployment. */
  public static final List<String> ROOTS = List.of("src/main/java", "src/main/proto", "deploy");

  public TaskState {
    if (!TASKS.contains(task)) {
      throw new IllegalArgumentException(
          "unknown task state '" + task + "' (known: " + TASKS + ")");
    }
  }

  /** The directory of this state's overlay, {@code tasks/Tn}; absent for the last state. */
  public Path overlay() {
    return moduleDir.resolve("tasks").resolve(task);
  }

  /** The state's files, by path relative to the module ('/'-separated), in path order. */
  public SortedMap<String, Path> files() {
    SortedMap<String, Path> files = new TreeMap<>();
    for (String root : ROOTS) {
      collect(moduleDir, moduleDir.resolve(root), files);
    }
    if (Files.isDirectory(overlay())) {
      collect(overlay(), overlay(), files);
    }
    return files;
  }

  private static void collect(Path base, Path dir, SortedMap<String, Path> into) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .filter(Files::isRegularFile)
          .forEach(p -> into.put(base.relativize(p).toString().replace('\\', '/'), p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
