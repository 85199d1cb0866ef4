package io.knactor.sync.exec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.sync.operator.KeyedState;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.operator.UserOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link UserOperator} with the state of the record's key. A record's state write and
 * emissions take effect together only when the operator returns; when it throws, neither does and
 * the record is rejected.
 */
public final class UserStep implements Operator {
  private final String signature;
  private final String name;
  private final UserOperator operator;

  public UserStep(String signature, String name, UserOperator operator) {
    this.signature = signature;
    this.name = name;
    this.operator = operator;
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    Pending state = new Pending(context.get(record.key()));
    List<SyncRecord> emitted = new ArrayList<>();
    try {
      operator.process(record, state, emitted::add);
    } catch (Exception | LinkageError | AssertionError e) {
      context.reject(
          record,
          "operator "
              + name
              + " failed: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return;
    }
    if (state.changed) {
      if (state.value == null) {
        context.delete(record.key());
      } else {
        context.put(record.key(), state.value);
      }
    }
    emitted.forEach(context::emit);
  }

  private static final class Pending implements KeyedState {
    JsonNode value;
    boolean changed;

    Pending(JsonNode value) {
      this.value = value;
    }

    @Override
    public Optional<JsonNode> get() {
      return Optional.ofNullable(value).map(JsonNode::deepCopy);
    }

    @Override
    public void put(JsonNode newValue) {
      value = java.util.Objects.requireNonNull(newValue, "state value").deepCopy();
      changed = true;
    }

    @Override
    public void clear() {
      value = null;
      changed = true;
    }
  }
}
