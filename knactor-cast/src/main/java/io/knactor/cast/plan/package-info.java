/**
 * Which source fields feed which target fields ({@link io.knactor.cast.plan.CastPlan}), the
 * evaluation order, and cycle detection over a small {@link io.knactor.cast.plan.DirectedGraph}.
 */
package io.knactor.cast.plan;
