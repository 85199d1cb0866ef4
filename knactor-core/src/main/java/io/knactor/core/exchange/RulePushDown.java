package io.knactor.core.exchange;

import java.util.Optional;

/**
 * Implemented by an exchange that can evaluate an integrator's simple rules inside its own commits
 * (push-down): a source write and the target writes its rules cause then commit in one atomic step.
 * The rules come as a push-down plan, a JSON document whose format knactor-cast defines ({@code
 * io.knactor.cast.pushdown.PushDownPlan}); an exchange runs every installed plan until it is
 * removed, for every writer, and writes the target fields as the integrator named in the plan.
 */
public interface RulePushDown {
  /**
   * Installs the plan of {@code integrator}, replacing any earlier one, and evaluates it over every
   * existing object of its input kinds, in one atomic step; it applies to the commits that follow.
   */
  void installPushDown(String integrator, String planJson);

  /** Removes the plan of {@code integrator}; removing a plan that is not installed does nothing. */
  void removePushDown(String integrator);

  /**
   * The plan installed for {@code integrator}, if any: an integrator checks it is still installed
   * (another process may have removed it, or the backend lost it).
   */
  Optional<String> installedPushDown(String integrator);
}
