package io.knactor.bench.sync;

import java.lang.management.ManagementFactory;

/**
 * One measured run: records processed, the CPU time it used and the wall-clock time. A run on one
 * thread (the in-memory engine, Kafka Streams' test driver) is charged that thread's CPU time; a
 * run that uses other threads (the log exchange's writer, RocksDB's) is charged the CPU time of
 * every thread of this JVM meanwhile, garbage collection and compilation included, which is the
 * stricter measure.
 *
 * @param outputs records the run emitted, to check engines against each other
 * @param wholeJvm whether {@code cpuNanos} is the whole JVM's rather than the calling thread's
 */
public record Throughput(
    long records, long outputs, long cpuNanos, long wallNanos, boolean wholeJvm) {

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

  /** Runs {@code body}, which works on the calling thread only, over {@code records} records. */
  public static Throughput onThisThread(long records, Body body) throws Exception {
    return measure(records, body, false);
  }

  /** Runs {@code body}, which may use other threads, over {@code records} records. */
  public static Throughput wholeJvm(long records, Body body) throws Exception {
    return measure(records, body, true);
  }

  private static Throughput measure(long records, Body body, boolean wholeJvm) throws Exception {
    long cpu = cpuNanos(wholeJvm);
    long wall = System.nanoTime();
    long outputs = body.run();
    return new Throughput(
        records, outputs, cpuNanos(wholeJvm) - cpu, System.nanoTime() - wall, wholeJvm);
  }

  private static long cpuNanos(boolean wholeJvm) {
    if (!wholeJvm) {
      return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report its process CPU time");
  }
}
