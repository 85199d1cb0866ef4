package io.knactor.cast.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small directed graph whose edge {@code a -> b} means "a depends on b". Nodes keep the order
 * they were added in, which makes cycle reports and evaluation orders deterministic. Not
 * thread-safe while being built; treat it as immutable afterwards.
 */
public final class DirectedGraph<N> {
  private final Map<N, Set<N>> edges = new LinkedHashMap<>();

  public DirectedGraph<N> addNode(N node) {
    edges.computeIfAbsent(node, n -> new LinkedHashSet<>());
    return this;
  }

  /** Adds {@code from -> to}: {@code from} depends on {@code to}. */
  public DirectedGraph<N> addEdge(N from, N to) {
    addNode(from);
    addNode(to);
    edges.get(from).add(to);
    return this;
  }

  public Set<N> nodes() {
    return Collections.unmodifiableSet(edges.keySet());
  }

  /** What {@code node} depends on. */
  public Set<N> dependencies(N node) {
    return Collections.unmodifiableSet(edges.getOrDefault(node, Set.of()));
  }

  /**
   * One cycle per strongly connected component that has one, each as a path that starts and ends at
   * the component's earliest node and follows edges: {@code [a, b, a]} for {@code a -> b -> a}.
   * Ordered by the earliest node of each cycle.
   */
  public List<List<N>> cycles() {
    Map<N, Integer> order = new HashMap<>();
    for (N node : edges.keySet()) {
      order.put(node, order.size());
    }
    List<List<N>> cycles = new ArrayList<>();
    for (Set<N> component : stronglyConnectedComponents()) {
      N start = component.stream().min((a, b) -> Integer.compare(order.get(a), order.get(b))).get();
      if (component.size() > 1 || edges.get(start).contains(start)) {
        cycles.add(shortestCycle(start, component));
      }
    }
    cycles.sort((a, b) -> Integer.compare(order.get(a.get(0)), order.get(b.get(0))));
    return cycles;
  }

  /**
   * The nodes with every node after all it depends on; among nodes free to go, the earlier added
   * goes first.
   *
   * @throws IllegalStateException when the graph has a cycle
   */
  public List<N> topologicalOrder() {
    List<N> out = new ArrayList<>();
    Set<N> done = new HashSet<>();
    while (out.size() < edges.size()) {
      N next = null;
      for (Map.Entry<N, Set<N>> entry : edges.entrySet()) {
        if (!done.contains(entry.getKey()) && done.containsAll(entry.getValue())) {
          next = entry.getKey();
          break;
        }
      }
      if (next == null) {
        throw new IllegalStateException("graph has a cycle: " + cycles().get(0));
      }
      done.add(next);
      out.add(next);
    }
    return out;
  }

  private List<N> shortestCycle(N start, Set<N> component) {
    Map<N, N> parent = new HashMap<>();
    Deque<N> queue = new ArrayDeque<>();
    queue.add(start);
    Set<N> seen = new HashSet<>();
    seen.add(start);
    while (!queue.isEmpty()) {
      N node = queue.poll();
      for (N next : edges.get(node)) {
        if (next.equals(start)) {
          List<N> path = new ArrayList<>();
          path.add(start);
          for (N at = node; !at.equals(start); at = parent.get(at)) {
            path.add(1, at);
          }
          path.add(start);
          return path;
        }
        if (component.contains(next) && seen.add(next)) {
          parent.put(next, node);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }

  /** Tarjan's algorithm, iterative so deep graphs do not overflow the stack. */
  private List<Set<N>> stronglyConnectedComponents() {
    Map<N, Integer> index = new HashMap<>();
    Map<N, Integer> low = new HashMap<>();
    Deque<N> stack = new ArrayDeque<>();
    Set<N> onStack = new HashSet<>();
    List<Set<N>> components = new ArrayList<>();
    for (N root : edges.keySet()) {
      if (index.containsKey(root)) {
        continue;
      }
      Deque<Map.Entry<N, java.util.Iterator<N>>> work = new ArrayDeque<>();
      visit(root, index, low, stack, onStack, work);
      while (!work.isEmpty()) {
        Map.Entry<N, java.util.Iterator<N>> frame = work.peek();
        N node = frame.getKey();
        if (frame.getValue().hasNext()) {
          N next = frame.getValue().next();
          if (!index.containsKey(next)) {
            visit(next, index, low, stack, onStack, work);
          } else if (onStack.contains(next)) {
            low.put(node, Math.min(low.get(node), index.get(next)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          N caller = work.peek().getKey();
          low.put(caller, Math.min(low.get(caller), low.get(node)));
        }
        if (low.get(node).equals(index.get(node))) {
          Set<N> component = new LinkedHashSet<>();
          N member;
          do {
            member = stack.pop();
            onStack.remove(member);
            component.add(member);
          } while (!member.equals(node));
          components.add(component);
        }
      }
    }
    return components;
  }

  private void visit(
      N node,
      Map<N, Integer> index,
      Map<N, Integer> low,
      Deque<N> stack,
      Set<N> onStack,
      Deque<Map.Entry<N, java.util.Iterator<N>>> work) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    work.push(Map.entry(node, edges.get(node).iterator()));
  }
}
