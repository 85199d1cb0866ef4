/**
 * Push-down: which rules of a compiled Cast an exchange can evaluate inside its own commits, and
 * the backend-neutral plan that describes them ({@link io.knactor.cast.pushdown.PushDownPlan}, made
 * by {@link io.knactor.cast.pushdown.PushDownTranslator}).
 */
package io.knactor.cast.pushdown;
