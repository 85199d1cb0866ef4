package io.knactor.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** RFC 7386 JSON merge patch: null removes a member, objects merge, anything else replaces. */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /** Returns a new object: {@code target} with {@code patch} applied; neither input is changed. */
  public static ObjectNode apply(ObjectNode target, ObjectNode patch) {
    ObjectNode result = target == null ? Json.object() : target.deepCopy();
    merge(result, patch);
    return result;
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject()) {
        JsonNode existing = target.get(field.getKey());
        ObjectNode child =
            existing != null && existing.isObject() ? (ObjectNode) existing : Json.object();
        merge(child, (ObjectNode) value);
        target.set(field.getKey(), child);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }
}
