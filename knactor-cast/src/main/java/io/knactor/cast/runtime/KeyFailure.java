package io.knactor.cast.runtime;

/**
 * A rule that failed for one key: its expression or a function threw, or its write was refused. It
 * stays in the cast's status until a later evaluation of the same rule for the same key succeeds
 * (or the rule becomes pending).
 *
 * @param key the object name (the graph instance)
 * @param field the rule, named by the field it fills, e.g. {@code C.order.shippingCost}
 * @param message what went wrong
 * @param revision the spec revision that failed
 */
public record KeyFailure(String key, String field, String message, long revision) {
  /** The identity of a failure within a cast: one per key and field. */
  public String id() {
    return key + ":" + field;
  }
}
