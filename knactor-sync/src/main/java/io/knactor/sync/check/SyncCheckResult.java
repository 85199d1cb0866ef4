package io.knactor.sync.check;

import io.knactor.cast.check.Issue;
import io.knactor.cast.check.Severity;
import io.knactor.core.error.SpecException;
import io.knactor.sync.plan.SyncPlan;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of checking a Sync spec: every issue, in file order, and the plan when there is no
 * error.
 */
public record SyncCheckResult(String file, List<Issue> issues, SyncPlan plan) {
  public SyncCheckResult {
    issues = issues.stream().sorted(Issue.BY_LOCATION).toList();
    if (plan != null && issues.stream().anyMatch(i -> i.severity() == Severity.ERROR)) {
      throw new IllegalArgumentException("a spec with errors has no plan");
    }
  }

  public boolean hasErrors() {
    return plan == null;
  }

  public List<Issue> errors() {
    return issues.stream().filter(i -> i.severity() == Severity.ERROR).toList();
  }

  public Optional<SyncPlan> compiledPlan() {
    return Optional.ofNullable(plan);
  }

  /**
   * The plan.
   *
   * @throws SpecException listing every error as {@code file:line:column: error: field: message},
   *     one per line, when the spec has errors
   */
  public SyncPlan orThrow() {
    if (plan != null) {
      return plan;
    }
    throw Issue.failure(file, errors());
  }

  /** Every issue, one per line. */
  public String report() {
    return issues.stream().map(Issue::toString).collect(Collectors.joining("\n"));
  }
}
