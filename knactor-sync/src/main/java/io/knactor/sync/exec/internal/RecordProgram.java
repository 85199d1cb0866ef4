package io.knactor.sync.exec.internal;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import io.knactor.cast.compile.CelValues;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.operator.SyncRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CEL expression compiled against the records at one step: the record's declared fields are
 * variables, {@code this} is the whole value, {@code _key} its key and {@code _time} its event
 * time. Immutable and thread-safe.
 */
public final class RecordProgram {
  private final String text;
  private final CelRuntime.Program program;
  private final FieldType recordType;
  private final List<String> variables;

  /**
   * @param variables the record fields the expression reads as variables of their own
   */
  public RecordProgram(
      String text, CelRuntime.Program program, FieldType recordType, List<String> variables) {
    this.text = text;
    this.program = program;
    this.recordType = recordType;
    this.variables = List.copyOf(variables);
  }

  /**
   * Evaluates over one record.
   *
   * @throws EvaluationFailure naming the expression and CEL's reason
   */
  public Object eval(SyncRecord record) {
    Object value = CelValues.fromJson(record.value(), recordType);
    Map<String, Object> activation = new HashMap<>();
    activation.put("this", value);
    activation.put("_key", record.key());
    activation.put("_time", record.time());
    if (value instanceof Map<?, ?> fields) {
      for (String variable : variables) {
        Object field = fields.get(variable);
        if (field != null) {
          activation.put(variable, field);
        }
      }
    }
    Object result;
    try {
      result = program.eval(activation);
    } catch (CelEvaluationException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause().getMessage() != null) {
        root = root.getCause();
      }
      throw new EvaluationFailure("'" + text + "' failed: " + root.getMessage());
    }
    if (result instanceof CelUnknownSet) {
      List<String> missing = variables.stream().filter(v -> !activation.containsKey(v)).toList();
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

  /** An expression could not be evaluated over a record; the step rejects the record. */
  public static final class EvaluationFailure extends RuntimeException {
    EvaluationFailure(String message) {
      super(message);
    }
  }
}
