package io.knactor.cast.function;

import java.util.List;
import java.util.Objects;

/**
 * A custom function that Cast expressions may call, such as {@code currency_convert}: Java code
 * with a declared signature. The checker types calls against the signature; the evaluator runs the
 * code. An exception thrown by the code marks the rule being evaluated as failed for that object
 * and does not stop other rules.
 */
public record CastFunction(Signature signature, Implementation implementation) {
  public CastFunction {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(implementation, "implementation");
  }

  /** The code of a function; must be thread-safe and should be deterministic. */
  @FunctionalInterface
  public interface Implementation {
    /**
     * Computes the result from arguments of the Java classes of the signature's types.
     *
     * @return a value of the Java class of the signature's result type
     * @throws Exception for any failure; the evaluator reports its message
     */
    Object apply(List<Object> arguments) throws Exception;
  }
}
