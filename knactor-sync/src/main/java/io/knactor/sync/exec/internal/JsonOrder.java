package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** A total order on JSON scalars for sorting: numbers, then strings, then booleans, then others. */
final class JsonOrder {
  private JsonOrder() {}

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static int compare(JsonNode a, JsonNode b) {
    if (absent(a) || absent(b)) {
      return Boolean.compare(absent(a), absent(b));
    }
    int rank = Integer.compare(rank(a), rank(b));
    if (rank != 0) {
      return rank;
    }
    if (a.isNumber()) {
      return Double.compare(a.asDouble(), b.asDouble());
    }
    if (a.isTextual()) {
      return a.textValue().compareTo(b.textValue());
    }
    if (a.isBoolean()) {
      return Boolean.compare(a.booleanValue(), b.booleanValue());
    }
    return a.toString().compareTo(b.toString());
  }

  private static int rank(JsonNode node) {
    if (node.isNumber()) {
      return 0;
    }
    if (node.isTextual()) {
      return 1;
    }
    return node.isBoolean() ? 2 : 3;
  }
}
