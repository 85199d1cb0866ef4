package io.knactor.bench.report;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;

/** The CPU time of one live thread of this JVM, found by its name. */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Thread thread;

  private ThreadCpu(Thread thread) {
    this.thread = thread;
  }

  /** The live thread named {@code name}, if there is exactly one. */
  public static Optional<ThreadCpu> named(String name) {
    var matching =
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
    return matching.size() == 1 ? Optional.of(new ThreadCpu(matching.get(0))) : Optional.empty();
  }

  /** CPU time the thread has used so far, in nanoseconds. */
  @SuppressWarnings("deprecation") // Thread.threadId() arrived in Java 19; this project runs on 17.
  public long nanos() {
    return THREADS.getThreadCpuTime(thread.getId());
  }
}
