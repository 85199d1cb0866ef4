package io.knactor.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Checks JSON values against field types; absent and null values are always allowed (unset). */
final class SchemaValidator {
  private SchemaValidator() {}

  static void check(FieldType type, JsonNode value, String path, List<Schema.Violation> out) {
    if (value == null || value.isNull() || type.kind() == FieldType.Kind.ANY) {
      return;
    }
    String where = path.isEmpty() ? "the object" : "field '" + path + "'";
    switch (type.kind()) {
      case STRING -> expect(value.isTextual(), type, value, where, path, out);
      case NUMBER -> expect(value.isNumber(), type, value, where, path, out);
      case INTEGER ->
          expect(
              value.isIntegralNumber()
                  || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())),
              type,
              value,
              where,
              path,
              out);
      case BOOLEAN -> expect(value.isBoolean(), type, value, where, path, out);
      case ARRAY -> {
        if (expect(value.isArray(), type, value, where, path, out) && type.element() != null) {
          for (int i = 0; i < value.size(); i++) {
            check(type.element(), value.get(i), path + "[" + i + "]", out);
          }
        }
      }
      case OBJECT -> {
        if (expect(value.isObject(), type, value, where, path, out) && type.isStructured()) {
          checkFields(type.fields(), value, path, out);
        }
      }
      default -> throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  private static void checkFields(
      Map<String, Field> fields, JsonNode object, String path, List<Schema.Violation> out) {
    Iterator<Map.Entry<String, JsonNode>> members = object.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      String childPath = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
      Field field = fields.get(member.getKey());
      if (field == null) {
        out.add(new Schema.Violation(childPath, "unknown field '" + childPath + "'"));
      } else {
        check(field.type(), member.getValue(), childPath, out);
      }
    }
  }

  private static boolean expect(
      boolean ok,
      FieldType type,
      JsonNode value,
      String where,
      String path,
      List<Schema.Violation> out) {
    if (!ok) {
      out.add(
          new Schema.Violation(
              path,
              where
                  + " must be "
                  + type.kind().name().toLowerCase(java.util.Locale.ROOT)
                  + ", got "
                  + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return ok;
  }
}
