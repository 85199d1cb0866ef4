package io.knactor.sync.plan;

/**
 * The consolidated steps of every flow reading one source: a prefix tree rooted at the source.
 * Immutable and thread-safe; partition tasks of the source all run this one plan.
 */
public record SourcePlan(SourceStream source, PlanNode root) {
  /** How many operators the plan runs per record at most (tree nodes, without the root). */
  public int operatorCount() {
    return root.descendants().size() - 1;
  }
}
