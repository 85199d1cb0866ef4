package io.knactor.cast.check;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.error.SpecException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of checking a spec: every issue found, in file order, and the compiled cast when
 * there is no error. Warnings never prevent compilation.
 */
public record CheckResult(String file, List<Issue> issues, CompiledCast compiled) {
  public CheckResult {
    issues = issues.stream().sorted(Issue.BY_LOCATION).toList();
    if (compiled != null && issues.stream().anyMatch(i -> i.severity() == Severity.ERROR)) {
      throw new IllegalArgumentException("a spec with errors does not compile");
    }
  }

  public boolean hasErrors() {
    return compiled == null;
  }

  public List<Issue> errors() {
    return issues.stream().filter(i -> i.severity() == Severity.ERROR).toList();
  }

  public List<Issue> warnings() {
    return issues.stream().filter(i -> i.severity() == Severity.WARNING).toList();
  }

  public Optional<CompiledCast> compiledCast() {
    return Optional.ofNullable(compiled);
  }

  /**
   * The compiled cast.
   *
   * @throws SpecException listing every error, one per line, when the spec has errors
   */
  public CompiledCast orThrow() {
    if (compiled != null) {
      return compiled;
    }
    throw Issue.failure(file, errors());
  }

  /** Every issue, one per line, as a compiler prints them. */
  public String report() {
    return issues.stream().map(Issue::toString).collect(Collectors.joining("\n"));
  }
}
