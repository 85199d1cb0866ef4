package io.knactor.sync.plan;

/**
 * The consolidated steps of every flow reading one source: a prefix tree rooted at the source.
 * Immutable and thread-safe; partition tasks of the source all run this one plan.
 *
 * @param idleTimeout milliseconds without a record after which a partition's watermark advances by
 *     the wall clock ({@link io.knactor.sync.exec.PartitionTask#idle()}); 0 for never
 */
public record SourcePlan(SourceStream source, PlanNode root, long idleTimeout) {
  public SourcePlan(SourceStream source, PlanNode root) {
    this(source, root, 0);
  }

  /** How many operators the plan runs per record at most (tree nodes, without the root). */
  public int operatorCount() {
    return root.descendants().size() - 1;
  }
}
