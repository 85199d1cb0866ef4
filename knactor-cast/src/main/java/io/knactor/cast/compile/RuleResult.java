package io.knactor.cast.compile;

import com.fasterxml.jackson.databind.JsonNode;

/** What evaluating one rule for one key produced. */
public sealed interface RuleResult {
  /** The value to store; a JSON null means the field is to be unset. */
  record Value(JsonNode value) implements RuleResult {}

  /** An input is missing (an object or a field); the rule is evaluated again when it appears. */
  record Pending(String reason) implements RuleResult {}

  /** The expression or a function it calls failed; other rules are unaffected. */
  record Failed(String message) implements RuleResult {}
}
