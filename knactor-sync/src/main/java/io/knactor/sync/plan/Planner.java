package io.knactor.sync.plan;

import io.knactor.sync.exec.internal.Operator;
import io.knactor.sync.spec.SyncSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consolidates flows: flows that read the same source through the same leading steps (equal {@link
 * Operator#signature()}s) share one execution of those steps. The result is a prefix tree per
 * source; a record runs each distinct step once however many flows use it.
 */
public final class Planner {
  private Planner() {}

  public static SyncPlan plan(SyncSpec spec, long revision, List<PlannedFlow> flows) {
    Map<SourceStream, Draft> roots = new LinkedHashMap<>();
    for (PlannedFlow flow : flows) {
      Draft node = roots.computeIfAbsent(flow.source(), s -> new Draft(null, List.of()));
      node.flows.add(flow);
      for (Operator step : flow.steps()) {
        Draft parent = node;
        node =
            parent.children.computeIfAbsent(
                step.signature(), sig -> new Draft(step, append(parent.path, sig)));
        node.flows.add(flow);
      }
      node.sinks.add(flow.sink());
    }
    List<SourcePlan> sources = new ArrayList<>();
    // The checker makes every flow of a source declare the same idle timeout.
    roots.forEach(
        (source, root) ->
            sources.add(
                new SourcePlan(source, root.freeze(source), root.flows.get(0).idleTimeout())));
    return new SyncPlan(spec, revision, sources);
  }

  private static List<String> append(List<String> path, String signature) {
    List<String> out = new ArrayList<>(path);
    out.add(signature);
    return out;
  }

  /** A node while flows are added. */
  private static final class Draft {
    final Operator operator;
    final List<String> path;
    final Map<String, Draft> children = new LinkedHashMap<>();
    final List<FlowSink> sinks = new ArrayList<>();
    final List<PlannedFlow> flows = new ArrayList<>();

    Draft(Operator operator, List<String> path) {
      this.operator = operator;
      this.path = path;
    }

    PlanNode freeze(SourceStream source) {
      List<PlanNode> frozen = new ArrayList<>();
      children.values().forEach(child -> frozen.add(child.freeze(source)));
      List<FlowSink> deadLetters = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (PlannedFlow flow : flows) {
        names.add(flow.name());
        if (flow.deadLetter() != null) {
          deadLetters.add(flow.deadLetter());
        }
      }
      return new PlanNode(id(source, path), path, operator, frozen, sinks, deadLetters, names);
    }
  }

  /** {@code n-} and 16 hex digits of a SHA-256 of the source and the steps' signatures. */
  static String id(SourceStream source, List<String> path) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(source.toString().getBytes(StandardCharsets.UTF_8));
      for (String signature : path) {
        digest.update((byte) 0);
        digest.update(signature.getBytes(StandardCharsets.UTF_8));
      }
      return "n-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
