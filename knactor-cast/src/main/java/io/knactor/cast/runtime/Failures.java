package io.knactor.cast.runtime;

import io.knactor.cast.eval.Evaluation;
import io.knactor.cast.eval.RuleOutcome;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds evaluations into the set of failing rules per key: a failed rule is added, any other
 * outcome of the same rule for the same key clears it. At most {@link #LIMIT} failures are kept so
 * the state object stays small; later ones show only in the runtime's counters.
 */
final class Failures {
  static final int LIMIT = 500;

  private Failures() {}

  /**
   * The failures after {@code evaluation}.
   *
   * @param refusal why the exchange refused the evaluation's writes, or null when they committed:
   *     every rule that would have written then fails with it
   */
  static Map<String, KeyFailure> after(
      Map<String, KeyFailure> current, Evaluation evaluation, long revision, String refusal) {
    Map<String, KeyFailure> next = new TreeMap<>(current);
    for (RuleOutcome outcome : evaluation.outcomes()) {
      String field = outcome.rule().toString();
      KeyFailure failure = null;
      if (outcome.status() == RuleOutcome.Status.FAILED) {
        failure = new KeyFailure(outcome.key(), field, outcome.detail(), revision);
      } else if (outcome.status() == RuleOutcome.Status.WRITTEN && refusal != null) {
        failure = new KeyFailure(outcome.key(), field, "write refused: " + refusal, revision);
      }
      String id = outcome.key() + ":" + field;
      if (failure == null) {
        next.remove(id);
      } else if (next.containsKey(id) || next.size() < LIMIT) {
        next.put(id, failure);
      }
    }
    return Collections.unmodifiableMap(next);
  }
}
