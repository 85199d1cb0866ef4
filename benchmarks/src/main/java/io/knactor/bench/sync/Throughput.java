package io.knactor.bench.sync;

import java.lang.management.ManagementFactory;

/**
 * One measured run: records processed, the CPU time this JVM used meanwhile (every thread: the
 * processing thread, the log exchange's writer, RocksDB's, the garbage collector's) and the
 * wall-clock time.
 *
 * @param outputs records the run emitted, to check engines against each other
 */
public record Throughput(long records, long outputs, long cpuNanos, long wallNanos) {

  /** Records per second of CPU time: the rate one fully busy core would reach. */
  public double perCore() {
    return cpuNanos == 0 ? 0 : records * 1e9 / cpuNanos;
  }

  /** Records per second of wall-clock time. */
  public double perSecond() {
    return wallNanos == 0 ? 0 : records * 1e9 / wallNanos;
  }

  /** A body whose records and outputs are counted. */
  public interface Body {
    /** Runs the work and returns the number of outputs. */
    long run() throws Exception;
  }

  /** Runs {@code body} over {@code records} records and measures it. */
  public static Throughput measure(long records, Body body) throws Exception {
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    long outputs = body.run();
    return new Throughput(records, outputs, processCpuNanos() - cpu, System.nanoTime() - wall);
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report its process CPU time");
  }
}
