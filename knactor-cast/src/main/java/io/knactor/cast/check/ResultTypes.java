package io.knactor.cast.check;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypes;
import io.knactor.core.schema.FieldType;

/** Whether a target field of a schema type can hold what an expression of a CEL type yields. */
final class ResultTypes {
  private ResultTypes() {}

  /**
   * Null when {@code target} can hold a {@code result}; otherwise the mismatch, e.g. {@code number
   * but the expression yields string}.
   */
  static String mismatch(FieldType target, CelType result) {
    return fits(target, result)
        ? null
        : target + " but the expression yields " + CelTypes.format(result);
  }

  private static boolean fits(FieldType target, CelType result) {
    CelKind kind = result.kind();
    if (target == null
        || target.kind() == FieldType.Kind.ANY
        || kind.isDyn()
        || kind == CelKind.ERROR
        || kind == CelKind.NULL_TYPE
        || kind.isTypeParam()) {
      return true;
    }
    return switch (target.kind()) {
      case STRING -> kind == CelKind.STRING;
      case NUMBER -> kind == CelKind.DOUBLE || kind == CelKind.INT || kind == CelKind.UINT;
      case INTEGER -> kind == CelKind.INT || kind == CelKind.UINT;
      case BOOLEAN -> kind == CelKind.BOOL;
      case ARRAY ->
          kind == CelKind.LIST
              && (target.element() == null
                  || result.parameters().isEmpty()
                  || fits(target.element(), result.parameters().get(0)));
      case OBJECT -> kind == CelKind.MAP || kind == CelKind.STRUCT;
      case ANY -> true;
    };
  }
}
