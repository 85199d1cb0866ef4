package io.knactor.cast.check;

import io.knactor.cast.spec.Location;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the issues of one check, once each. */
final class Issues {
  private final Set<Issue> issues = new LinkedHashSet<>();

  void error(Location location, String field, String message) {
    issues.add(Issue.error(location, field, message));
  }

  void warning(Location location, String field, String message) {
    issues.add(Issue.warning(location, field, message));
  }

  boolean hasErrors() {
    return issues.stream().anyMatch(i -> i.severity() == Severity.ERROR);
  }

  int errorCount() {
    return (int) issues.stream().filter(i -> i.severity() == Severity.ERROR).count();
  }

  List<Issue> all() {
    return new ArrayList<>(issues);
  }
}
