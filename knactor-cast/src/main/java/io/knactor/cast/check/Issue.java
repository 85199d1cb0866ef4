package io.knactor.cast.check;

import io.knactor.cast.spec.Location;
import java.util.Comparator;

/**
 * One problem found in a spec.
 *
 * @param location where in the spec file, down to the column
 * @param field what it concerns: a rule such as {@code C.order.paymentID}, a target such as {@code
 *     C.order}, or a spec key such as {@code input.C}
 */
public record Issue(Severity severity, Location location, String field, String message) {
  /** Orders issues as they appear in the file. */
  public static final Comparator<Issue> BY_LOCATION =
      Comparator.comparingInt((Issue i) -> i.location().line())
          .thenComparingInt(i -> i.location().column())
          .thenComparing(Issue::message);

  public static Issue error(Location location, String field, String message) {
    return new Issue(Severity.ERROR, location, field, message);
  }

  public static Issue warning(Location location, String field, String message) {
    return new Issue(Severity.WARNING, location, field, message);
  }

  /** {@code file:line:column: severity: field: message}. */
  @Override
  public String toString() {
    return location + ": " + severity + ": " + field + ": " + message;
  }
}
