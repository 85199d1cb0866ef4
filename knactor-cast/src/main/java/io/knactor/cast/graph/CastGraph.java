package io.knactor.cast.graph;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.plan.CastPlan;
import io.knactor.cast.spec.FieldRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which fields feed which in a cast: an edge {@code S.shipment.id -> C.order.trackingID} for each
 * field a rule reads, to the field the rule fills. Immutable; nodes and edges are sorted.
 *
 * @param nodes every field read or filled, with its role
 * @param edges from the field read to the field filled
 */
public record CastGraph(String name, Map<FieldRef, Role> nodes, List<Edge> edges) {
  /** What a field is to the cast. */
  public enum Role {
    /** Only read. */
    SOURCE,
    /** Filled by a rule (and maybe read by others). */
    TARGET
  }

  public record Edge(FieldRef from, FieldRef to) {}

  public CastGraph {
    nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    edges = List.copyOf(edges);
  }

  public static CastGraph of(CompiledCast cast) {
    CastPlan plan = cast.plan();
    Map<FieldRef, Role> nodes = new TreeMap<>();
    List<Edge> edges = new ArrayList<>();
    for (Map.Entry<FieldRef, Set<FieldRef>> feed : plan.feeds().entrySet()) {
      nodes.putIfAbsent(feed.getKey(), Role.SOURCE);
      for (FieldRef target : feed.getValue()) {
        edges.add(new Edge(feed.getKey(), target));
      }
    }
    plan.rules().forEach(rule -> nodes.put(rule, Role.TARGET));
    return new CastGraph(cast.name(), nodes, edges);
  }
}
