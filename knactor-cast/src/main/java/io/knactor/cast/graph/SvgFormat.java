package io.knactor.cast.graph;

import io.knactor.cast.spec.FieldRef;
import java.util.Map;

/**
 * Renders a {@link CastGraph} as a standalone SVG document, laid out by {@link LayeredLayout}:
 * fields as boxes (targets filled, sources outlined), edges as curves with arrowheads. Needs no
 * Graphviz.
 */
public final class SvgFormat {
  private SvgFormat() {}

  public static String render(CastGraph graph) {
    Map<FieldRef, LayeredLayout.Box> boxes = LayeredLayout.place(graph);
    int width = LayeredLayout.MARGIN;
    int height = LayeredLayout.MARGIN;
    for (LayeredLayout.Box box : boxes.values()) {
      width = Math.max(width, box.x() + box.width() + LayeredLayout.MARGIN);
      height = Math.max(height, box.y() + LayeredLayout.NODE_HEIGHT + LayeredLayout.MARGIN);
    }
    StringBuilder out = new StringBuilder();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    out.append("  <title>cast ").append(escape(graph.name())).append("</title>\n");
    out.append(
        "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
            + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
    for (CastGraph.Edge edge : graph.edges()) {
      LayeredLayout.Box from = boxes.get(edge.from());
      LayeredLayout.Box to = boxes.get(edge.to());
      int x1 = from.x() + from.width();
      int y1 = from.midY();
      int x2 = to.x();
      int y2 = to.midY();
      int bend = Math.max(30, Math.abs(x2 - x1) / 2);
      out.append("  <path class=\"edge\" d=\"M ")
          .append(x1)
          .append(' ')
          .append(y1)
          .append(" C ")
          .append(x1 + bend)
          .append(' ')
          .append(y1)
          .append(", ")
          .append(x2 - bend)
          .append(' ')
          .append(y2)
          .append(", ")
          .append(x2)
          .append(' ')
          .append(y2)
          .append("\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\">")
          .append("<title>")
          .append(escape(edge.from() + " -> " + edge.to()))
          .append("</title></path>\n");
    }
    graph
        .nodes()
        .forEach(
            (field, role) -> {
              LayeredLayout.Box box = boxes.get(field);
              boolean target = role == CastGraph.Role.TARGET;
              out.append("  <g class=\"")
                  .append(target ? "target" : "source")
                  .append("\"><rect x=\"")
                  .append(box.x())
                  .append("\" y=\"")
                  .append(box.y())
                  .append("\" width=\"")
                  .append(box.width())
                  .append("\" height=\"")
                  .append(LayeredLayout.NODE_HEIGHT)
                  .append("\" rx=\"6\" fill=\"")
                  .append(target ? "#dcecff" : "#ffffff")
                  .append("\" stroke=\"")
                  .append(target ? "#2f6db5" : "#777")
                  .append("\"/><text x=\"")
                  .append(box.x() + box.width() / 2)
                  .append("\" y=\"")
                  .append(box.midY() + 4)
                  .append("\" text-anchor=\"middle\">")
                  .append(escape(LayeredLayout.label(field)))
                  .append("</text></g>\n");
            });
    return out.append("</svg>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
