package io.knactor.cast.graph;

import io.knactor.cast.spec.KindRef;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link CastGraph} as Graphviz DOT: one cluster per kind, targets as boxes. */
public final class DotFormat {
  private DotFormat() {}

  public static String render(CastGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(graph.name())).append(" {\n");
    out.append("  rankdir=LR;\n");
    out.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
    Map<KindRef, StringBuilder> clusters = new TreeMap<>();
    graph
        .nodes()
        .forEach(
            (field, role) ->
                clusters
                    .computeIfAbsent(field.kind(), k -> new StringBuilder())
                    .append("    ")
                    .append(quote(field.toString()))
                    .append(" [label=")
                    .append(quote(field.path()))
                    .append(role == CastGraph.Role.TARGET ? ", shape=box" : ", shape=ellipse")
                    .append("];\n"));
    int index = 0;
    for (Map.Entry<KindRef, StringBuilder> cluster : clusters.entrySet()) {
      out.append("  subgraph cluster_").append(index++).append(" {\n");
      out.append("    label=").append(quote(cluster.getKey().toString())).append(";\n");
      out.append(cluster.getValue());
      out.append("  }\n");
    }
    for (CastGraph.Edge edge : graph.edges()) {
      out.append("  ")
          .append(quote(edge.from().toString()))
          .append(" -> ")
          .append(quote(edge.to().toString()))
          .append(";\n");
    }
    return out.append("}\n").toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
