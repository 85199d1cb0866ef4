package io.knactor.cast.graph;

import io.knactor.cast.spec.FieldRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places the nodes of a {@link CastGraph} in columns, left to right: a field's column is the
 * longest path of edges leading to it, so every edge points right. Within a column, nodes are
 * ordered by the mean row of the nodes feeding them (then by name), which keeps most edges short
 * and uncrossed; this is the classic layered (Sugiyama) drawing reduced to what small graphs need.
 */
final class LayeredLayout {
  static final int NODE_HEIGHT = 28;
  static final int ROW_GAP = 14;
  static final int COLUMN_GAP = 90;
  static final int MARGIN = 20;
  static final int CHAR_WIDTH = 7;
  static final int PADDING = 16;

  /** Where one node is drawn: its box's top-left corner and size. */
  record Box(FieldRef field, int x, int y, int width) {
    int midY() {
      return y + NODE_HEIGHT / 2;
    }
  }

  private LayeredLayout() {}

  static Map<FieldRef, Box> place(CastGraph graph) {
    Map<FieldRef, Integer> column = columns(graph);
    int columns = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<List<FieldRef>> byColumn = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      byColumn.add(new ArrayList<>());
    }
    column.forEach((field, c) -> byColumn.get(c).add(field));
    Map<FieldRef, Integer> row = new HashMap<>();
    Map<FieldRef, Box> boxes = new HashMap<>();
    int x = MARGIN;
    for (List<FieldRef> fields : byColumn) {
      fields.sort(
          Comparator.comparingDouble((FieldRef f) -> meanRowOfSources(graph, f, row))
              .thenComparing(FieldRef::toString));
      int width = fields.stream().mapToInt(f -> label(f).length()).max().orElse(0) * CHAR_WIDTH;
      width += 2 * PADDING;
      for (int i = 0; i < fields.size(); i++) {
        row.put(fields.get(i), i);
        boxes.put(
            fields.get(i), new Box(fields.get(i), x, MARGIN + i * (NODE_HEIGHT + ROW_GAP), width));
      }
      x += width + COLUMN_GAP;
    }
    return boxes;
  }

  static String label(FieldRef field) {
    return field.toString();
  }

  /** Longest path to each node; bounded by the node count, so a cycle cannot loop forever. */
  private static Map<FieldRef, Integer> columns(CastGraph graph) {
    Map<FieldRef, Integer> column = new HashMap<>();
    graph.nodes().keySet().forEach(f -> column.put(f, 0));
    for (int round = 0; round < graph.nodes().size(); round++) {
      boolean moved = false;
      for (CastGraph.Edge edge : graph.edges()) {
        int wanted = column.get(edge.from()) + 1;
        if (column.get(edge.to()) < wanted && wanted < graph.nodes().size()) {
          column.put(edge.to(), wanted);
          moved = true;
        }
      }
      if (!moved) {
        break;
      }
    }
    return column;
  }

  private static double meanRowOfSources(
      CastGraph graph, FieldRef field, Map<FieldRef, Integer> row) {
    double sum = 0;
    int count = 0;
    for (CastGraph.Edge edge : graph.edges()) {
      if (edge.to().equals(field) && row.containsKey(edge.from())) {
        sum += row.get(edge.from());
        count++;
      }
    }
    return count == 0 ? Double.MAX_VALUE : sum / count;
  }
}
