package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.schema.FieldType;
import java.util.Objects;

/**
 * A condition {@code field <op> literal} decided on the record's JSON value directly, with the
 * result CEL gives: a filter such as {@code kw > 55.0} then costs a field lookup and a comparison
 * instead of a CEL evaluation, which matters most where many flows share a prefix and each ends
 * with its own threshold. It answers only when the field holds a value of its declared kind that
 * {@code RecordProgram} would hand CEL unchanged; otherwise (absent, null, another kind) it
 * declines and the CEL program decides, errors included. Immutable and thread-safe.
 */
public final class FieldComparison {
  /** A comparison operator, as CEL defines it on numbers, strings and booleans. */
  public enum Op {
    LT,
    LE,
    GT,
    GE,
    EQ,
    NE;

    /** The operator with its operands swapped: {@code 1 < x} is {@code x > 1}. */
    public Op swapped() {
      return switch (this) {
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
        case EQ, NE -> this;
      };
    }

    boolean ordering() {
      return this != EQ && this != NE;
    }

    boolean of(int sign) {
      return switch (this) {
        case LT -> sign < 0;
        case LE -> sign <= 0;
        case GT -> sign > 0;
        case GE -> sign >= 0;
        case EQ -> sign == 0;
        case NE -> sign != 0;
      };
    }
  }

  private final String field;
  private final FieldType.Kind kind;
  private final Op op;
  private final Object literal;

  private FieldComparison(String field, FieldType.Kind kind, Op op, Object literal) {
    this.field = Objects.requireNonNull(field, "field");
    this.kind = kind;
    this.op = Objects.requireNonNull(op, "op");
    this.literal = Objects.requireNonNull(literal, "literal");
  }

  /**
   * The comparison of a field declared {@code kind} with a literal, or null when it is not one this
   * class decides exactly as CEL: a number field with a double (or an integer a double holds
   * exactly), an integer field with an integer, a string or boolean field for (in)equality.
   */
  public static FieldComparison of(String field, FieldType.Kind kind, Op op, Object literal) {
    switch (kind) {
      case NUMBER -> {
        if (literal instanceof Double) {
          return new FieldComparison(field, kind, op, literal);
        }
        if (literal instanceof Long l && Math.abs(l) <= (1L << 53)) {
          return new FieldComparison(field, kind, op, l.doubleValue());
        }
        return null;
      }
      case INTEGER -> {
        return literal instanceof Long ? new FieldComparison(field, kind, op, literal) : null;
      }
      case STRING -> {
        return literal instanceof String && !op.ordering()
            ? new FieldComparison(field, kind, op, literal)
            : null;
      }
      case BOOLEAN -> {
        return literal instanceof Boolean && !op.ordering()
            ? new FieldComparison(field, kind, op, literal)
            : null;
      }
      default -> {
        return null;
      }
    }
  }

  /** The condition's value over {@code value}, or null when CEL must decide. */
  public Boolean test(ObjectNode value) {
    JsonNode node = value.get(field);
    if (node == null) {
      return null;
    }
    // The conversions are CelValues.fromJson's for the field's declared kind.
    switch (kind) {
      case NUMBER -> {
        if (!node.isNumber()) {
          return null;
        }
        return op.of(compare(node.doubleValue(), (Double) literal));
      }
      case INTEGER -> {
        if (!node.isNumber() || !node.canConvertToLong()) {
          return null;
        }
        return op.of(Long.compare(node.longValue(), (Long) literal));
      }
      case STRING -> {
        return node.isTextual() ? op.of(node.textValue().equals(literal) ? 0 : 1) : null;
      }
      case BOOLEAN -> {
        return node.isBoolean() ? op.of(node.booleanValue() == (Boolean) literal ? 0 : 1) : null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * IEEE order, as CEL compares doubles (JSON holds no NaN); unlike Double.compare, -0.0 == 0.0.
   */
  private static int compare(double a, double b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  @Override
  public String toString() {
    return field + " " + op + " " + literal;
  }
}
