package io.knactor.bench.report;

import java.lang.management.ManagementFactory;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What a result was measured on: cores, JDK, operating system, the date (UTC) and the one-minute
 * load average at that moment (-1 where the platform does not report it).
 */
public record Machine(int cores, String jdk, String os, String date, double loadAverage) {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

  public static Machine describe() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        ZonedDateTime.now(ZoneOffset.UTC).format(DATE),
        currentLoadAverage());
  }

  /** The one-minute load average now, or -1 where the platform does not report it. */
  public static double currentLoadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
