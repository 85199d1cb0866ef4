package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.sync.operator.SyncRecord;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The field-shaping steps {@code rename}, {@code cut} and {@code drop}: each builds a new value
 * from the input's fields in their order.
 */
public final class ReshapeOperator implements Operator {
  private enum Mode {
    RENAME,
    CUT,
    DROP
  }

  private final String signature;
  private final Mode mode;
  private final Map<String, String> renames;
  private final Set<String> fields;

  private ReshapeOperator(
      String signature, Mode mode, Map<String, String> renames, Set<String> fields) {
    this.signature = signature;
    this.mode = mode;
    this.renames = renames;
    this.fields = fields;
  }

  /** Renames fields, keeping their position. */
  public static ReshapeOperator rename(String signature, Map<String, String> renames) {
    return new ReshapeOperator(signature, Mode.RENAME, new LinkedHashMap<>(renames), Set.of());
  }

  /** Keeps only {@code fields}. */
  public static ReshapeOperator cut(String signature, Set<String> fields) {
    return new ReshapeOperator(signature, Mode.CUT, Map.of(), Set.copyOf(fields));
  }

  /** Removes {@code fields}. */
  public static ReshapeOperator drop(String signature, Set<String> fields) {
    return new ReshapeOperator(signature, Mode.DROP, Map.of(), Set.copyOf(fields));
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = record.value().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      switch (mode) {
        case RENAME -> out.set(renames.getOrDefault(name, name), field.getValue());
        case CUT -> {
          if (fields.contains(name)) {
            out.set(name, field.getValue());
          }
        }
        case DROP -> {
          if (!fields.contains(name)) {
            out.set(name, field.getValue());
          }
        }
      }
    }
    context.emit(new SyncRecord(record.key(), record.time(), out));
  }
}
