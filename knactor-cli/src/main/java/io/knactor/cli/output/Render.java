package io.knactor.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the CLI shows the server's JSON to people. */
public final class Render {
  /** Data longer than this is cut in tables; {@code -o json} shows it whole. */
  public static final int MAX_CELL = 60;

  private Render() {}

  /** Compact JSON, cut to {@link #MAX_CELL} characters with an ellipsis. */
  public static String cell(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "";
    }
    String text = Json.toString(node);
    return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
  }

  /** {@code k=v,k2=v2} in the object's order; empty when there are none. */
  public static String labels(JsonNode labels) {
    if (labels == null || !labels.isObject()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, JsonNode> label : labels.properties()) {
      pairs.add(label.getKey() + "=" + label.getValue().asText());
    }
    return String.join(",", pairs);
  }

  /** Indented, multi-line JSON. */
  public static String pretty(JsonNode node) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** {@code Kind/name} of an object in the API's object form. */
  public static String kindAndName(JsonNode object) {
    return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
  }

  public static String version(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText();
  }
}
