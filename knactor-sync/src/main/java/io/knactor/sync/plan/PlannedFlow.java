package io.knactor.sync.plan;

import io.knactor.sync.exec.internal.Operator;
import java.util.List;

/**
 * One checked flow, before consolidation.
 *
 * @param deadLetter the flow's dead letter sink, or null
 * @param idleTimeout the idle timeout of the flow's source in milliseconds, 0 for none
 */
public record PlannedFlow(
    String name,
    SourceStream source,
    List<Operator> steps,
    FlowSink sink,
    FlowSink deadLetter,
    long idleTimeout) {
  public PlannedFlow {
    steps = List.copyOf(steps);
  }

  /** A flow without an idle timeout. */
  public PlannedFlow(
      String name, SourceStream source, List<Operator> steps, FlowSink sink, FlowSink deadLetter) {
    this(name, source, steps, sink, deadLetter, 0);
  }
}
