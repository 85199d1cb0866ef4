package io.knactor.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The dotted paths at which two versions of an object's data differ. Objects are compared member by
 * member (a missing object counts as empty), so adding {@code {"quote":{"price":1}}} changes {@code
 * quote.price}; any other difference (scalars, arrays, a change of type) is reported at the path
 * where it occurs.
 */
final class ChangedFields {
  private ChangedFields() {}

  /** The changed paths, sorted; {@code before} and {@code after} may be null (absent). */
  static List<String> between(JsonNode before, JsonNode after) {
    List<String> out = new ArrayList<>();
    diff(before, after, "", out);
    return out;
  }

  private static void diff(JsonNode before, JsonNode after, String path, List<String> out) {
    JsonNode a = absentIfNull(before);
    JsonNode b = absentIfNull(after);
    if (Objects.equals(a, b)) {
      return;
    }
    boolean aObject = a == null || a.isObject();
    boolean bObject = b == null || b.isObject();
    if (aObject && bObject) {
      TreeSet<String> names = new TreeSet<>();
      names(a, names);
      names(b, names);
      for (String name : names) {
        diff(
            a == null ? null : a.get(name),
            b == null ? null : b.get(name),
            path.isEmpty() ? name : path + "." + name,
            out);
      }
    } else {
      out.add(path);
    }
  }

  private static JsonNode absentIfNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  private static void names(JsonNode node, TreeSet<String> into) {
    if (node != null) {
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(into::add);
    }
  }
}
