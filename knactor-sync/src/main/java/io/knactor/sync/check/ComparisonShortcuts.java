package io.knactor.sync.check;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.exec.internal.FieldComparison;
import java.util.List;
import java.util.Map;

/** Recognizes the checked expressions that a {@link FieldComparison} decides without CEL. */
final class ComparisonShortcuts {
  private static final Map<String, FieldComparison.Op> OPERATORS =
      Map.of(
          "_<_", FieldComparison.Op.LT,
          "_<=_", FieldComparison.Op.LE,
          "_>_", FieldComparison.Op.GT,
          "_>=_", FieldComparison.Op.GE,
          "_==_", FieldComparison.Op.EQ,
          "_!=_", FieldComparison.Op.NE);

  private ComparisonShortcuts() {}

  /**
   * The comparison {@code ast} is, when it is {@code field <op> literal} (either way round) over a
   * field of {@code record} that is one of the expression's {@code variables}; otherwise null.
   */
  static FieldComparison of(CelAbstractSyntaxTree ast, FieldType record, List<String> variables) {
    CelExpr root = ast.getExpr();
    if (root.getKind() != CelExpr.ExprKind.Kind.CALL) {
      return null;
    }
    CelExpr.CelCall call = root.call();
    FieldComparison.Op op = OPERATORS.get(call.function());
    if (op == null || call.target().isPresent() || call.args().size() != 2) {
      return null;
    }
    CelExpr left = call.args().get(0);
    CelExpr right = call.args().get(1);
    if (left.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      CelExpr swap = left;
      left = right;
      right = swap;
      op = op.swapped();
    }
    if (left.getKind() != CelExpr.ExprKind.Kind.IDENT
        || right.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
      return null;
    }
    String name = left.ident().name();
    Field field = record.fields().get(name);
    Object literal = literal(right.constant());
    if (!variables.contains(name) || field == null || literal == null) {
      return null;
    }
    return FieldComparison.of(name, field.type().kind(), op, literal);
  }

  private static Object literal(CelConstant constant) {
    return switch (constant.getKind()) {
      case DOUBLE_VALUE -> constant.doubleValue();
      case INT64_VALUE -> constant.int64Value();
      case STRING_VALUE -> constant.stringValue();
      case BOOLEAN_VALUE -> constant.booleanValue();
      default -> null;
    };
  }
}
