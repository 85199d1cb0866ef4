package io.knactor.sync.plan;

import io.knactor.sync.exec.internal.Operator;
import java.util.List;

/**
 * One checked flow, before consolidation.
 *
 * @param deadLetter the flow's dead letter sink, or null
 */
public record PlannedFlow(
    String name, SourceStream source, List<Operator> steps, FlowSink sink, FlowSink deadLetter) {
  public PlannedFlow {
    steps = List.copyOf(steps);
  }
}
