package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.compile.CelValues;
import io.knactor.sync.operator.SyncRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets fields to the values of CEL expressions, all computed from the input record; a null value
 * removes the field.
 */
public final class PutOperator implements Operator {
  private final String signature;
  private final Map<String, RecordProgram> fields;

  public PutOperator(String signature, Map<String, RecordProgram> fields) {
    this.signature = signature;
    this.fields = new LinkedHashMap<>(fields);
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Map.Entry<String, RecordProgram> field : fields.entrySet()) {
      try {
        values.put(field.getKey(), CelValues.toJson(field.getValue().eval(record)));
      } catch (RecordProgram.EvaluationFailure | IllegalArgumentException e) {
        context.reject(record, "put " + field.getKey() + ": " + e.getMessage());
        return;
      }
    }
    // Values are never changed once made (see SyncRecord), so the output shares the input's
    // field values and copies only the top level it changes.
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.setAll(record.value());
    values.forEach(
        (name, value) -> {
          if (value.isNull()) {
            out.remove(name);
          } else {
            out.set(name, value);
          }
        });
    context.emit(new SyncRecord(record.key(), record.time(), out));
  }
}
