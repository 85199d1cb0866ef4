/**
 * Custom functions for Cast expressions: Java code registered by name with a signature such as
 * {@code currency_convert(double, string, string) -> double} in a {@link
 * io.knactor.cast.function.FunctionRegistry}.
 */
package io.knactor.cast.function;
