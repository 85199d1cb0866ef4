/**
 * The long-running Cast runtime: {@link io.knactor.cast.runtime.CastRuntime} watches a cast's input
 * stores from a stored position, evaluates each change and commits the writes together with the new
 * position ({@link io.knactor.cast.runtime.CastState}), so its effects are exactly-once across a
 * crash; it switches live to a new revision and reports its {@link
 * io.knactor.cast.runtime.CastStatus}.
 */
package io.knactor.cast.runtime;
