package io.knactor.sync.plan;

import io.knactor.sync.exec.internal.Operator;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a consolidated plan: an operator that runs once for every flow whose pipeline starts
 * with the same steps, its children (the next steps of those flows, one per distinct next step) and
 * the sinks of flows that end here. Immutable.
 */
public final class PlanNode {
  private final String id;
  private final List<String> path;
  private final Operator operator;
  private final List<PlanNode> children;
  private final List<FlowSink> sinks;
  private final List<FlowSink> deadLetters;
  private final List<String> flows;

  PlanNode(
      String id,
      List<String> path,
      Operator operator,
      List<PlanNode> children,
      List<FlowSink> sinks,
      List<FlowSink> deadLetters,
      List<String> flows) {
    this.id = id;
    this.path = List.copyOf(path);
    this.operator = operator;
    this.children = List.copyOf(children);
    this.sinks = List.copyOf(sinks);
    this.deadLetters = List.copyOf(deadLetters);
    this.flows = List.copyOf(flows);
  }

  /**
   * A stable name derived from the source and the steps up to here: the namespace of this step's
   * state, unchanged when flows are added or removed elsewhere in the plan.
   */
  public String id() {
    return id;
  }

  /** The signatures of the steps from the source to here; empty for the root. */
  public List<String> path() {
    return path;
  }

  /** The operator, or null for the root (the source itself). */
  public Operator operator() {
    return operator;
  }

  public List<PlanNode> children() {
    return children;
  }

  /** The flows that end after this step. */
  public List<FlowSink> sinks() {
    return sinks;
  }

  /** The dead letter sinks of every flow through this step: where a record it rejects goes. */
  public List<FlowSink> deadLetters() {
    return deadLetters;
  }

  /** The flows that run through this step, in spec order. */
  public List<String> flows() {
    return flows;
  }

  /** This node and every node below it, depth first. */
  public List<PlanNode> descendants() {
    List<PlanNode> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(PlanNode node, List<PlanNode> out) {
    out.add(node);
    node.children.forEach(child -> collect(child, out));
  }

  @Override
  public String toString() {
    return path.isEmpty() ? "source" : path.get(path.size() - 1);
  }
}
