package io.knactor.cast.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON comparisons and path edits as a cast sees them: absent and null are the same (unset), and
 * numbers are equal by value, so {@code 1200} and {@code 1200.0} do not count as a change.
 */
final class JsonValues {
  private JsonValues() {}

  static boolean same(JsonNode a, JsonNode b) {
    boolean aUnset = a == null || a.isNull() || a.isMissingNode();
    boolean bUnset = b == null || b.isNull() || b.isMissingNode();
    if (aUnset || bUnset) {
      return aUnset && bUnset;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      return names.stream().allMatch(n -> same(a.get(n), b.get(n)));
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameElement(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Array elements keep nulls: {@code [null]} differs from {@code []} by length already. */
  private static boolean sameElement(JsonNode a, JsonNode b) {
    return a.isNull() || b.isNull() ? a.isNull() && b.isNull() : same(a, b);
  }

  /** The value at a dotted path, or null. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      if (node == null || !node.isObject()) {
        return null;
      }
      node = node.get(part);
    }
    return node;
  }

  /**
   * Sets (or, for a JSON null, removes) the value at a dotted path, creating objects on the way.
   */
  static void set(ObjectNode root, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null || !child.isObject()) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    if (value == null || value.isNull()) {
      node.remove(parts[parts.length - 1]);
    } else {
      node.set(parts[parts.length - 1], value.deepCopy());
    }
  }

  /** Puts {@code value} at a dotted path of a merge patch, creating patch objects on the way. */
  static void patch(ObjectNode patch, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode node = patch;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child != null && child.isObject() ? (ObjectNode) child : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }

  /**
   * The RFC 7386 merge patch value that turns {@code current} into {@code target}: objects are
   * diffed so members that disappeared are nulled rather than left behind.
   */
  static JsonNode mergeValue(JsonNode current, JsonNode target) {
    if (target == null || target.isNull()) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (!target.isObject() || current == null || !current.isObject()) {
      return target.deepCopy();
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    Iterator<String> names = current.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!target.has(name) || target.get(name).isNull()) {
        if (!current.get(name).isNull()) {
          patch.putNull(name);
        }
      }
    }
    target
        .fields()
        .forEachRemaining(
            member -> {
              JsonNode before = current.get(member.getKey());
              if (!member.getValue().isNull() && !same(before, member.getValue())) {
                patch.set(member.getKey(), mergeValue(before, member.getValue()));
              }
            });
    return patch;
  }

  /** The dotted paths (down to the first non-object) whose values differ, sorted. */
  static Set<String> changedPaths(JsonNode before, JsonNode after) {
    Set<String> out = new TreeSet<>();
    diff(before, after, "", out);
    return out;
  }

  private static void diff(JsonNode before, JsonNode after, String prefix, Set<String> out) {
    if (before != null && after != null && before.isObject() && after.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(names::add);
      after.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(before.get(name), after.get(name), prefix + name + ".", out);
      }
    } else if (!same(before, after)) {
      out.add(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
    }
  }
}
