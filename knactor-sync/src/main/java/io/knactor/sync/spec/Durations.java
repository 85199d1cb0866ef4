package io.knactor.sync.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as specs write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private Durations() {}

  /** The milliseconds of {@code text}, or -1 when it is not a duration. */
  public static long parseMillis(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 86_400_000;
        };
    return Math.multiplyExact(n, unit);
  }

  /** The shortest exact text of a duration, e.g. {@code 90s}, {@code 1m}. */
  public static String format(long millis) {
    if (millis != 0 && millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis != 0 && millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
