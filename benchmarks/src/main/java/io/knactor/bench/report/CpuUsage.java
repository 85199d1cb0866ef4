package io.knactor.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How busy the CPUs were over an interval, split between this JVM and every other process, so a
 * result taken while something else ran (a build, another benchmark) can be told apart. Reads the
 * machine's busy time from {@code /proc/stat} (Linux) and this process's from the JVM.
 *
 * @param seconds the interval's wall-clock length
 * @param ownCores CPU time this JVM used, in cores (1.0 = one core busy all along)
 * @param otherCores CPU time every other process used, in cores; absent off Linux
 */
public record CpuUsage(double seconds, double ownCores, Optional<Double> otherCores) {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** USER_HZ, the unit of /proc/stat: 100 on every Linux architecture the JDK runs on. */
  private static final double TICKS_PER_SECOND = 100;

  /** A reading of the clocks, to measure usage {@link #since} it. */
  public record Mark(long wallNanos, long ownCpuNanos, long machineBusyTicks) {}

  public static Mark mark() {
    return new Mark(System.nanoTime(), ownCpuNanos(), machineBusyTicks());
  }

  /** The usage from {@code start} until now. */
  public static CpuUsage since(Mark start) {
    Mark end = mark();
    double seconds = (end.wallNanos() - start.wallNanos()) / 1e9;
    double own = (end.ownCpuNanos() - start.ownCpuNanos()) / 1e9;
    Optional<Double> others =
        start.machineBusyTicks() < 0 || end.machineBusyTicks() < 0
            ? Optional.empty()
            : Optional.of(
                Math.max(
                    0,
                    ((end.machineBusyTicks() - start.machineBusyTicks()) / TICKS_PER_SECOND - own)
                        / seconds));
    return new CpuUsage(seconds, own / seconds, others);
  }

  /** {@code this JVM 1.4 cores, other processes 0.2 cores}. */
  public String describe() {
    return Units.format("this JVM %.1f cores, other processes ", ownCores)
        + otherCores.map(c -> Units.format("%.1f cores", c)).orElse("unknown");
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * user + nice + system + irq + softirq of all CPUs (the first line of /proc/stat), or -1 where
   * there is no /proc/stat. Steal time is left out: the hypervisor, not a process here, took it.
   */
  private static long machineBusyTicks() {
    if (!Files.isReadable(PROC_STAT)) {
      return -1;
    }
    try {
      String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(fields[i]);
      }
      return busy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROC_STAT + ": " + e.getMessage(), e);
    }
  }
}
