package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import dev.cel.runtime.CelVariableResolver;
import io.knactor.cast.compile.CelValues;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.operator.SyncRecord;
import java.util.List;
import java.util.Optional;

/**
 * A CEL expression compiled against the records at one step: the record's declared fields are
 * variables, {@code this} is the whole value, {@code _key} its key and {@code _time} its event
 * time. Immutable and thread-safe.
 *
 * <p>Variables are resolved lazily, when the expression reads them: a field is converted to its CEL
 * value alone, and the whole record only when the expression reads {@code this}, so that a filter
 * on one field costs one field's conversion, not the record's.
 */
public final class RecordProgram {
  private final String text;
  private final CelRuntime.Program program;
  private final FieldType recordType;
  private final List<String> variables;
  private final FieldType[] variableTypes;
  private final FieldComparison shortcut;

  /**
   * @param variables the record fields the expression reads as variables of their own
   */
  public RecordProgram(
      String text, CelRuntime.Program program, FieldType recordType, List<String> variables) {
    this(text, program, recordType, variables, null);
  }

  /**
   * @param variables the record fields the expression reads as variables of their own
   * @param shortcut what the expression is when it is a plain comparison of a field with a literal,
   *     decided without CEL where it can be; or null
   */
  public RecordProgram(
      String text,
      CelRuntime.Program program,
      FieldType recordType,
      List<String> variables,
      FieldComparison shortcut) {
    this.text = text;
    this.shortcut = shortcut;
    this.program = program;
    this.recordType = recordType;
    this.variables = List.copyOf(variables);
    this.variableTypes = new FieldType[this.variables.size()];
    for (int i = 0; i < variableTypes.length; i++) {
      Field declared = recordType == null ? null : recordType.fields().get(this.variables.get(i));
      variableTypes[i] = declared == null ? null : declared.type();
    }
  }

  /**
   * Evaluates over one record.
   *
   * @throws EvaluationFailure naming the expression and CEL's reason
   */
  public Object eval(SyncRecord record) {
    if (shortcut != null) {
      Boolean decided = shortcut.test(record.value());
      if (decided != null) {
        return decided;
      }
    }
    Object result;
    try {
      result = program.eval(new Variables(record));
    } catch (CelEvaluationException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause().getMessage() != null) {
        root = root.getCause();
      }
      throw new EvaluationFailure("'" + text + "' failed: " + root.getMessage());
    }
    if (result instanceof CelUnknownSet) {
      List<String> missing = variables.stream().filter(v -> absent(record, v)).toList();
      throw new EvaluationFailure(
          "'"
              + text
              + "' failed: the record has no "
              + (missing.size() == 1 ? "field " : "fields ")
              + String.join(", ", missing));
    }
    return result;
  }

  public String text() {
    return text;
  }

  /** The comparison decided without CEL where it can be, or null when every record goes to CEL. */
  public FieldComparison shortcut() {
    return shortcut;
  }

  /** JSON nulls are absent fields, as in {@link CelValues#fromJson}. */
  private static boolean absent(SyncRecord record, String field) {
    JsonNode node = record.value().get(field);
    return node == null || node.isNull();
  }

  /** One evaluation's variables, each converted from the record when CEL reads it. */
  private final class Variables implements CelVariableResolver {
    private final SyncRecord record;
    private Object whole;

    Variables(SyncRecord record) {
      this.record = record;
    }

    @Override
    public Optional<Object> find(String name) {
      switch (name) {
        case "this":
          if (whole == null) {
            whole = CelValues.fromJson(record.value(), recordType);
          }
          return Optional.of(whole);
        case "_key":
          return Optional.of(record.key());
        case "_time":
          return Optional.of(record.time());
        default:
          int i = variables.indexOf(name);
          if (i < 0) {
            return Optional.empty();
          }
          // The listed name, not CEL's copy: its hash is computed once, not at every lookup.
          JsonNode node = record.value().get(variables.get(i));
          if (node == null || node.isNull()) {
            return Optional.empty();
          }
          return Optional.of(CelValues.fromJson(node, variableTypes[i]));
      }
    }
  }

  /** An expression could not be evaluated over a record; the step rejects the record. */
  public static final class EvaluationFailure extends RuntimeException {
    EvaluationFailure(String message) {
      super(message);
    }
  }
}
