package io.knactor.cast.check;

import java.util.Locale;

/** How bad an issue is: an error stops the spec from running, a warning does not. */
public enum Severity {
  ERROR,
  WARNING;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
