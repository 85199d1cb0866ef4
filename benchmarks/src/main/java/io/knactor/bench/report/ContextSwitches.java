package io.knactor.bench.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The voluntary context switches of this JVM's threads (Linux: {@code /proc/self/task}). A thread
 * switches out voluntarily when it parks or blocks, so over a run of one write at a time the count
 * per write is the number of thread hand-offs on the write's path (each woken thread parked once),
 * plus whatever the JVM's own threads did meanwhile.
 */
public final class ContextSwitches {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final String FIELD = "voluntary_ctxt_switches:";

  private final Map<String, Long> byThread;

  private ContextSwitches(Map<String, Long> byThread) {
    this.byThread = byThread;
  }

  /** The counts of the live threads now; empty where {@code /proc/self/task} is not readable. */
  public static Optional<ContextSwitches> now() {
    if (!Files.isDirectory(TASKS)) {
      return Optional.empty();
    }
    Map<String, Long> counts = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        long count = voluntary(task.resolve("status"));
        if (count >= 0) {
          counts.put(task.getFileName().toString(), count);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new ContextSwitches(counts));
  }

  /**
   * The switches from {@code earlier} to this reading: of the threads live at both, and of those
   * started since (a thread that ended meanwhile is not counted).
   */
  public long since(ContextSwitches earlier) {
    long total = 0;
    for (Map.Entry<String, Long> thread : byThread.entrySet()) {
      total += thread.getValue() - earlier.byThread.getOrDefault(thread.getKey(), 0L);
    }
    return total;
  }

  /** The thread's count, or -1 when it ended meanwhile. */
  private static long voluntary(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(FIELD)) {
          return Long.parseLong(line.substring(FIELD.length()).trim());
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
