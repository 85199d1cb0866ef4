package io.knactor.sync.plan;

/**
 * The consolidated steps of every flow reading one source: a prefix tree rooted at the source.
 * Immutable and thread-safe; partition tasks of the source all run this one plan.
 *
 * @param idleTimeout milliseconds without a record after which a partition's watermark advances by
 *     the wall clock ({@link io.knactor.sync.exec.PartitionTask#idle()}); 0 for never
 * @param upstream for the internal store of a {@code repartition} step: the source whose partitions
 *     append to it (and send it their watermarks); null for a source the spec names
 */
public record SourcePlan(
    SourceStream source, PlanNode root, long idleTimeout, SourceStream upstream) {
  public SourcePlan(SourceStream source, PlanNode root, long idleTimeout) {
    this(source, root, idleTimeout, null);
  }

  public SourcePlan(SourceStream source, PlanNode root) {
    this(source, root, 0);
  }

  /** True when some flow of this source repartitions its records (see {@link #upstream()}). */
  public boolean repartitions() {
    return root.descendants().stream()
        .flatMap(node -> node.sinks().stream())
        .anyMatch(sink -> sink.destination().mode() == Destination.Mode.REPARTITION);
  }

  /** How many operators the plan runs per record at most (tree nodes, without the root). */
  public int operatorCount() {
    return root.descendants().size() - 1;
  }
}
