/**
 * Evaluation: {@link io.knactor.cast.eval.CastEvaluator} plans, as a pure function of a compiled
 * cast, a change and a read view, the atomic batch of writes and the status of every rule; {@link
 * io.knactor.cast.eval.CastDriver} commits such plans to an object exchange.
 */
package io.knactor.cast.eval;
