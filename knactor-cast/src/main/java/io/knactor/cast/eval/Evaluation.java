package io.knactor.cast.eval;

import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating a cast for one change: the writes to commit together, and the outcome of
 * every rule that ran, which is the cast's status for those keys.
 */
public record Evaluation(String principal, List<Write> writes, List<RuleOutcome> outcomes) {
  public Evaluation {
    writes = List.copyOf(writes);
    outcomes = List.copyOf(outcomes);
  }

  /** All writes as one atomic batch; empty when nothing changed. */
  public Optional<WriteBatch> batch() {
    return writes.isEmpty() ? Optional.empty() : Optional.of(new WriteBatch(principal, writes));
  }

  public List<RuleOutcome> withStatus(RuleOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).toList();
  }

  public List<RuleOutcome> failed() {
    return withStatus(RuleOutcome.Status.FAILED);
  }

  public List<RuleOutcome> pending() {
    return withStatus(RuleOutcome.Status.PENDING);
  }
}
