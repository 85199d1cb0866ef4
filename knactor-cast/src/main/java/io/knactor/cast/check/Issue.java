package io.knactor.cast.check;

import io.knactor.cast.spec.Location;
import io.knactor.core.error.SpecException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

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

  /**
   * One exception listing {@code errors} (at least one), one per line, under {@code FILE does not
   * check (N errors):}.
   */
  public static SpecException failure(String file, List<Issue> errors) {
    return new SpecException(
        file
            + " does not check ("
            + errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + "):\n  "
            + errors.stream().map(Issue::toString).collect(Collectors.joining("\n  ")),
        errors.get(0).field());
  }

  /** {@code file:line:column: severity: field: message}. */
  @Override
  public String toString() {
    return location + ": " + severity + ": " + field + ": " + message;
  }
}
