package io.knactor.sync.plan;

import io.knactor.core.model.StoreRef;
import io.knactor.sync.exec.internal.Operator;
import io.knactor.sync.exec.internal.RepartitionOperator;
import io.knactor.sync.spec.SyncSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consolidates flows: flows that read the same source through the same leading steps (equal {@link
 * Operator#signature()}s) share one execution of those steps. The result is a prefix tree per
 * source; a record runs each distinct step once however many flows use it. A flow with a {@code
 * repartition} step becomes two: its steps up to the repartition over its source, appending to the
 * step's internal store, and the rest over that store (see docs/sync.md).
 */
public final class Planner {
  private Planner() {}

  /** The kind of the records in a repartition step's internal log store. */
  public static final String REPARTITION_KIND = "Record";

  public static SyncPlan plan(SyncSpec spec, long revision, List<PlannedFlow> flows) {
    Map<SourceStream, Draft> roots = new LinkedHashMap<>();
    Map<SourceStream, SourceStream> upstreams = new HashMap<>();
    // A flow that repartitions is split there: its steps up to the repartition run over its source
    // and append to an internal store; the rest is a flow over that store, queued after the flows
    // of the spec so that sources the spec names come first.
    Deque<PlannedFlow> work = new ArrayDeque<>(flows);
    while (!work.isEmpty()) {
      PlannedFlow flow = work.removeFirst();
      int cut = repartitionIndex(flow.steps());
      if (cut < 0) {
        add(roots, flow, flow.sink());
        continue;
      }
      List<Operator> before = flow.steps().subList(0, cut + 1);
      SourceStream internal = internalStream(spec.name(), flow.source(), signatures(before));
      upstreams.put(internal, flow.source());
      FlowSink toInternal =
          new FlowSink(
              flow.name(),
              new Destination(Destination.Mode.REPARTITION, internal.store(), internal.kind()),
              null,
              List.of());
      add(
          roots,
          new PlannedFlow(
              flow.name(),
              flow.source(),
              before,
              toInternal,
              flow.deadLetter(),
              flow.idleTimeout()),
          toInternal);
      work.addLast(
          new PlannedFlow(
              flow.name(),
              internal,
              flow.steps().subList(cut + 1, flow.steps().size()),
              flow.sink(),
              flow.deadLetter(),
              0));
    }
    List<SourcePlan> sources = new ArrayList<>();
    // The checker makes every flow of a source declare the same idle timeout.
    roots.forEach(
        (source, root) ->
            sources.add(
                new SourcePlan(
                    source,
                    root.freeze(source),
                    root.flows.get(0).idleTimeout(),
                    upstreams.get(source))));
    return new SyncPlan(spec, revision, sources);
  }

  private static void add(Map<SourceStream, Draft> roots, PlannedFlow flow, FlowSink sink) {
    Draft node = roots.computeIfAbsent(flow.source(), s -> new Draft(null, List.of()));
    node.flows.add(flow);
    for (Operator step : flow.steps()) {
      Draft parent = node;
      node =
          parent.children.computeIfAbsent(
              step.signature(), sig -> new Draft(step, append(parent.path, sig)));
      node.flows.add(flow);
    }
    // Flows sharing a repartition share its internal store: each record is appended once.
    boolean shared =
        sink.destination().mode() == Destination.Mode.REPARTITION
            && node.sinks.stream().anyMatch(s -> s.destination().equals(sink.destination()));
    if (!shared) {
      node.sinks.add(sink);
    }
  }

  private static int repartitionIndex(List<Operator> steps) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof RepartitionOperator) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> signatures(List<Operator> steps) {
    return steps.stream().map(Operator::signature).toList();
  }

  /**
   * The internal log store of the repartition step ending {@code path} over {@code source}: {@code
   * Sync/v1/Repartition/NAME-HASH}, the hash that of the source and the steps up to and with the
   * repartition, so flows with the same prefix share it and a changed prefix gets a new one.
   */
  static SourceStream internalStream(String syncName, SourceStream source, List<String> path) {
    String hash = id(source, path).substring(2);
    String name = syncName.substring(0, Math.min(syncName.length(), 63 - hash.length() - 1));
    return new SourceStream(
        new StoreRef("Sync", "v1", "Repartition", name + "-" + hash), REPARTITION_KIND);
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
