package io.knactor.cast.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.UnsignedLong;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between stored JSON and the Java values CEL evaluates over. Declared types steer the
 * conversion, so a {@code number} field is always a double and an {@code integer} field a long
 * whatever the JSON looks like; JSON nulls are absent fields.
 */
public final class CelValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CelValues() {}

  /** The CEL value of {@code node} declared as {@code type} (null type: as the JSON says). */
  public static Object fromJson(JsonNode node, FieldType type) {
    FieldType.Kind kind = type == null ? FieldType.Kind.ANY : type.kind();
    if (kind == FieldType.Kind.NUMBER && node.isNumber()) {
      return node.doubleValue();
    }
    if (kind == FieldType.Kind.INTEGER && node.isNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getValue().isNull()) {
          Field declared = type == null ? null : type.fields().get(field.getKey());
          map.put(
              field.getKey(),
              fromJson(field.getValue(), declared == null ? null : declared.type()));
        }
      }
      return map;
    }
    if (node.isArray()) {
      FieldType element = kind == FieldType.Kind.ARRAY ? type.element() : null;
      List<Object> list = new ArrayList<>();
      for (JsonNode item : node) {
        list.add(
            item.isNull() ? com.google.protobuf.NullValue.NULL_VALUE : fromJson(item, element));
      }
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return com.google.protobuf.NullValue.NULL_VALUE;
  }

  /**
   * The JSON of a CEL result.
   *
   * @throws IllegalArgumentException for values JSON cannot hold, naming their type
   */
  public static JsonNode toJson(Object value) {
    if (value == null
        || value instanceof com.google.protobuf.NullValue
        || value instanceof dev.cel.common.values.NullValue) {
      return NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i.longValue());
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("the result " + d + " is not a JSON number");
      }
      return NODES.numberNode(d);
    }
    if (value instanceof UnsignedLong u) {
      return NODES.numberNode(u.bigIntegerValue());
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(
              "a map with " + typeName(entry.getKey()) + " keys cannot be stored as JSON");
        }
        object.set(key, toJson(entry.getValue()));
      }
      return object;
    }
    throw new IllegalArgumentException("a value of type " + typeName(value) + " cannot be stored");
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
