package io.knactor.cast.eval;

import io.knactor.cast.spec.FieldRef;

/**
 * What happened to one rule for one key in one evaluation.
 *
 * @param key the graph instance: the object name the rule was evaluated for ({@link
 *     CastEvaluator#SINGLETON_KEY} for rules that fill singletons)
 * @param detail why it is pending or failed; empty otherwise
 */
public record RuleOutcome(String key, FieldRef rule, Status status, String detail) {
  /** The states of a rule for a key. */
  public enum Status {
    /** The value changed and is part of the planned batch. */
    WRITTEN,
    /** The value equals the target's current value; nothing to write. */
    UNCHANGED,
    /** An input is missing; the rule runs again when it appears. */
    PENDING,
    /** The expression or a function failed; other rules went on. */
    FAILED
  }

  @Override
  public String toString() {
    return key + " " + rule + ": " + status + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
