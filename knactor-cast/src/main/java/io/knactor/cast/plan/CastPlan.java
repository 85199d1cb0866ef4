package io.knactor.cast.plan;

import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.KindRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which source fields feed which target fields, so that a change to a source field re-evaluates
 * only the rules that depend on it. Each rule is named by the field it fills; rule {@code B}
 * depends on rule {@code A} when {@code B} reads a field that overlaps {@code A}'s target (see
 * {@link FieldRef#overlaps}). Immutable.
 */
public final class CastPlan {
  private static final int MAX_REMEMBERED = 4_096;

  private final Map<FieldRef, Set<FieldRef>> reads;
  private final DirectedGraph<FieldRef> graph = new DirectedGraph<>();
  private final List<List<FieldRef>> cycles;
  private final List<FieldRef> order;

  /**
   * {@link #withDownstream} by its argument: a runtime asks for the same few sets for every change,
   * and the closure walks the whole graph. Bounded, as the sets are chosen by the data.
   */
  private final Map<Set<FieldRef>, List<FieldRef>> downstream = new ConcurrentHashMap<>();

  /** A change {@link #affectedBy} was asked about: a kind and its changed paths (null: any). */
  private record Affecting(KindRef kind, Set<String> changedPaths) {}

  /**
   * {@link #affectedBy} by its arguments: the same few kinds change the same few paths again and
   * again, and each answer compares every read of every rule with every changed path. Bounded.
   */
  private final Map<Affecting, List<FieldRef>> affected = new ConcurrentHashMap<>();

  private CastPlan(Map<FieldRef, Set<FieldRef>> reads) {
    this.reads = reads;
    reads.keySet().forEach(graph::addNode);
    for (Map.Entry<FieldRef, Set<FieldRef>> rule : reads.entrySet()) {
      for (FieldRef other : reads.keySet()) {
        if (rule.getValue().stream().anyMatch(read -> read.overlaps(other))) {
          graph.addEdge(rule.getKey(), other);
        }
      }
    }
    this.cycles = graph.cycles();
    this.order = cycles.isEmpty() ? graph.topologicalOrder() : List.of();
  }

  /**
   * Plans rules given, in spec order, as each rule's target and the fields its expression reads.
   */
  public static CastPlan of(Map<FieldRef, ? extends Collection<FieldRef>> readsByRule) {
    Map<FieldRef, Set<FieldRef>> copy = new LinkedHashMap<>();
    readsByRule.forEach(
        (rule, fields) -> copy.put(rule, Collections.unmodifiableSet(new LinkedHashSet<>(fields))));
    return new CastPlan(Collections.unmodifiableMap(copy));
  }

  /** The rules, named by their targets, in spec order. */
  public Set<FieldRef> rules() {
    return reads.keySet();
  }

  /** The fields rule {@code rule} reads. */
  public Set<FieldRef> reads(FieldRef rule) {
    return reads.getOrDefault(rule, Set.of());
  }

  /** The rule graph: {@code b -> a} when rule {@code b} reads what rule {@code a} writes. */
  public DirectedGraph<FieldRef> graph() {
    return graph;
  }

  /** Every cycle among the rules, as paths {@code [a, b, a]} where each rule reads the next. */
  public List<List<FieldRef>> cycles() {
    return cycles;
  }

  /**
   * Every rule after the rules whose targets it reads: the order to evaluate in.
   *
   * @throws IllegalStateException when the rules have a cycle
   */
  public List<FieldRef> evaluationOrder() {
    if (!cycles.isEmpty()) {
      throw new IllegalStateException("the rules have a cycle: " + cycles.get(0));
    }
    return order;
  }

  /**
   * The rules to evaluate again after fields of {@code kind} changed: those reading a changed path
   * and, transitively, those reading their targets. {@code changedPaths} null means anything may
   * have changed (an object appeared or was deleted). Returned in evaluation order.
   */
  public List<FieldRef> affectedBy(KindRef kind, Set<String> changedPaths) {
    Affecting change = new Affecting(kind, changedPaths == null ? null : Set.copyOf(changedPaths));
    List<FieldRef> known = affected.get(change);
    if (known != null) {
      return known;
    }
    List<FieldRef> computed = computeAffectedBy(kind, changedPaths);
    if (affected.size() < MAX_REMEMBERED) {
      affected.put(change, computed);
    }
    return computed;
  }

  private List<FieldRef> computeAffectedBy(KindRef kind, Set<String> changedPaths) {
    Set<FieldRef> affected = new LinkedHashSet<>();
    for (Map.Entry<FieldRef, Set<FieldRef>> rule : reads.entrySet()) {
      for (FieldRef read : rule.getValue()) {
        if (read.kind().equals(kind)
            && (changedPaths == null
                || changedPaths.stream().anyMatch(path -> read.overlaps(kind.field(path))))) {
          affected.add(rule.getKey());
        }
      }
    }
    return withDownstream(affected);
  }

  /** {@code rules} and every rule that depends on them, transitively, in evaluation order. */
  public List<FieldRef> withDownstream(Collection<FieldRef> rules) {
    Set<FieldRef> start = Set.copyOf(rules);
    List<FieldRef> known = downstream.get(start);
    if (known != null) {
      return known;
    }
    List<FieldRef> computed = closure(start);
    if (downstream.size() < MAX_REMEMBERED) {
      downstream.put(start, computed);
    }
    return computed;
  }

  private List<FieldRef> closure(Set<FieldRef> rules) {
    Set<FieldRef> closure = new LinkedHashSet<>(rules);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (FieldRef rule : reads.keySet()) {
        if (!closure.contains(rule)
            && graph.dependencies(rule).stream().anyMatch(closure::contains)) {
          closure.add(rule);
          grew = true;
        }
      }
    }
    List<FieldRef> out = new ArrayList<>();
    for (FieldRef rule : evaluationOrder()) {
      if (closure.contains(rule)) {
        out.add(rule);
      }
    }
    return List.copyOf(out);
  }

  /**
   * For each field some rule reads, the targets it feeds, sorted: what {@code knactor graph} shows.
   */
  public Map<FieldRef, Set<FieldRef>> feeds() {
    Map<FieldRef, Set<FieldRef>> out = new TreeMap<>();
    reads.forEach(
        (rule, fields) ->
            fields.forEach(field -> out.computeIfAbsent(field, f -> new TreeSet<>()).add(rule)));
    out.replaceAll((field, targets) -> Collections.unmodifiableSet(targets));
    return Collections.unmodifiableMap(out);
  }
}
