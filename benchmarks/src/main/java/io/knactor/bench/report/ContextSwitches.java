package io.knactor.bench.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The voluntary context switches of every thread of this JVM (Linux: {@code /proc/self/task}). A
 * thread switches out voluntarily when it parks or blocks, so over a run of one write at a time the
 * count per write is the number of thread hand-offs on the write's path (each woken thread parked
 * once), plus whatever the JVM's own threads did meanwhile.
 */
public final class ContextSwitches {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final String FIELD = "voluntary_ctxt_switches:";

  private ContextSwitches() {}

  /** The sum over this JVM's live threads; empty where {@code /proc/self/task} is not readable. */
  public static OptionalLong voluntary() {
    if (!Files.isDirectory(TASKS)) {
      return OptionalLong.empty();
    }
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        total += voluntary(task.resolve("status"));
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(total);
  }

  private static long voluntary(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(FIELD)) {
          return Long.parseLong(line.substring(FIELD.length()).trim());
        }
      }
    } catch (IOException e) {
      // The thread ended meanwhile: its switches are no longer counted anywhere.
    }
    return 0;
  }
}
