package io.knactor.core.schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The declared type of a field: a scalar, {@code any}, an object (open, or with declared fields),
 * or an array of an element type.
 *
 * @param element the element type of an ARRAY, null otherwise
 * @param fields the declared fields of a structured OBJECT, in declaration order; empty for an open
 *     object and for every other kind
 */
public record FieldType(Kind kind, FieldType element, Map<String, Field> fields) {
  /** The type words of the schema language. */
  public enum Kind {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    OBJECT,
    ARRAY,
    ANY
  }

  public FieldType {
    fields =
        fields == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static FieldType scalar(Kind kind) {
    return new FieldType(kind, null, null);
  }

  public static FieldType arrayOf(FieldType element) {
    return new FieldType(Kind.ARRAY, element, null);
  }

  public static FieldType objectWith(Map<String, Field> fields) {
    return new FieldType(Kind.OBJECT, null, fields);
  }

  /**
   * An object whose fields are declared (unknown fields are refused), as opposed to an open one.
   */
  public boolean isStructured() {
    return kind == Kind.OBJECT && !fields.isEmpty();
  }

  /** The type as written in the schema language, e.g. {@code array<string>}. */
  @Override
  public String toString() {
    return switch (kind) {
      case ARRAY -> element == null ? "array" : "array<" + element + ">";
      case OBJECT ->
          isStructured() ? "object{" + String.join(",", fields.keySet()) + "}" : "object";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
