package io.knactor.sync.operator;

import java.util.Map;

/**
 * Contributes user operators by name, found with {@link java.util.ServiceLoader} by {@link
 * OperatorRegistry#load()}: list the implementation in {@code
 * META-INF/services/io.knactor.sync.operator.UserOperatorProvider}.
 */
public interface UserOperatorProvider {
  /** The operators, by the name specs use. */
  Map<String, UserOperator> operators();
}
