package io.knactor.sync.check;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of records as it changes along a pipeline. A structured object type lists the fields a
 * step's records have; an open object or {@code any} means they are not known (after a user
 * operator that says so), and then field checks are skipped.
 */
final class RecordTypes {
  static final FieldType UNKNOWN = FieldType.scalar(FieldType.Kind.ANY);

  private RecordTypes() {}

  static boolean known(FieldType type) {
    return type != null && type.isStructured();
  }

  static FieldType with(FieldType type, String name, FieldType fieldType) {
    Map<String, Field> fields = new LinkedHashMap<>(type.fields());
    Field old = fields.get(name);
    fields.put(name, new Field(name, fieldType, false, old == null ? 0 : old.line()));
    return FieldType.objectWith(fields);
  }

  static FieldType object(Map<String, FieldType> fields) {
    Map<String, Field> out = new LinkedHashMap<>();
    fields.forEach((name, type) -> out.put(name, new Field(name, type, false, 0)));
    return out.isEmpty() ? UNKNOWN : FieldType.objectWith(out);
  }

  /** The schema type of the values of a CEL type. */
  static FieldType of(CelType type) {
    CelKind kind = type.kind();
    return switch (kind) {
      case STRING -> FieldType.scalar(FieldType.Kind.STRING);
      case DOUBLE -> FieldType.scalar(FieldType.Kind.NUMBER);
      case INT, UINT -> FieldType.scalar(FieldType.Kind.INTEGER);
      case BOOL -> FieldType.scalar(FieldType.Kind.BOOLEAN);
      case LIST ->
          FieldType.arrayOf(type.parameters().isEmpty() ? null : element(type.parameters().get(0)));
      case MAP, STRUCT -> FieldType.scalar(FieldType.Kind.OBJECT);
      default -> UNKNOWN;
    };
  }

  private static FieldType element(CelType type) {
    FieldType element = of(type);
    return element.kind() == FieldType.Kind.ANY ? null : element;
  }

  /**
   * Null when a target field of type {@code target} can hold values of {@code value}; otherwise the
   * mismatch in words.
   */
  static String mismatch(FieldType value, FieldType target) {
    FieldType.Kind v = value.kind();
    FieldType.Kind t = target.kind();
    boolean fits =
        v == FieldType.Kind.ANY
            || t == FieldType.Kind.ANY
            || v == t
            || (v == FieldType.Kind.INTEGER && t == FieldType.Kind.NUMBER);
    return fits ? null : value + " here but " + target;
  }

  static boolean numeric(FieldType type) {
    return type.kind() == FieldType.Kind.NUMBER
        || type.kind() == FieldType.Kind.INTEGER
        || type.kind() == FieldType.Kind.ANY;
  }
}
