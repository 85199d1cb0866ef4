package io.knactor.bench.report;

import java.util.Locale;

/** How the reports print numbers: durations in µs or ms, rates with thousands separators. */
public final class Units {
  private Units() {}

  /** {@code 42 µs}, {@code 3.1 µs}, {@code 1.25 ms}: three significant digits at most. */
  public static String micros(long nanos) {
    double us = nanos / 1_000.0;
    if (us >= 1_000) {
      return format("%.2f ms", us / 1_000);
    }
    return us >= 100
        ? format("%.0f µs", us)
        : us >= 10 ? format("%.1f µs", us) : format("%.2f µs", us);
  }

  /** {@code 12,345}. */
  public static String count(double value) {
    return format("%,.0f", value);
  }

  /** {@code 8.3x}. */
  public static String ratio(double value) {
    return format("%.1fx", value);
  }

  /** {@code +4.2%} or {@code -1.0%}. */
  public static String change(double fraction) {
    return format("%+.1f%%", fraction * 100);
  }

  public static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
