package io.knactor.cast.eval;

import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of evaluating a cast for one change: the writes to commit together, and the outcome of
 * every rule that ran, which is the cast's status for those keys.
 *
 * @param provenance the provenance each write's annotations record, by object, for a caller that
 *     merges writes (it would otherwise parse the annotations back); may leave writes out
 */
public record Evaluation(
    String principal,
    List<Write> writes,
    List<RuleOutcome> outcomes,
    Map<ObjectKey, Provenance> provenance) {
  public Evaluation {
    writes = List.copyOf(writes);
    outcomes = List.copyOf(outcomes);
    provenance = Map.copyOf(provenance);
  }

  public Evaluation(String principal, List<Write> writes, List<RuleOutcome> outcomes) {
    this(principal, writes, outcomes, Map.of());
  }

  /** The provenance recorded on {@code write}; empty when it has none. */
  public Optional<Provenance> provenanceOf(Write write) {
    Provenance known = provenance.get(write.key());
    return known != null ? Optional.of(known) : Provenance.fromAnnotations(write.annotations());
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
