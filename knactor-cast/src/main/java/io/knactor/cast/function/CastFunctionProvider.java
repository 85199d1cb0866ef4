package io.knactor.cast.function;

import java.util.List;

/**
 * A jar's custom Cast functions, found with {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/io.knactor.cast.function.CastFunctionProvider}. The server
 * registers every discovered function at start; {@link FunctionRegistry#discover()} does the same
 * for embedding programs and the CLI.
 */
public interface CastFunctionProvider {
  /** The functions this provider contributes; each must be thread-safe. */
  List<CastFunction> functions();
}
