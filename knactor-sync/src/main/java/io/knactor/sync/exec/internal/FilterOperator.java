package io.knactor.sync.exec.internal;

import io.knactor.sync.operator.SyncRecord;

/** Keeps the records whose condition is true. */
public final class FilterOperator implements Operator {
  private final String signature;
  private final RecordProgram condition;

  public FilterOperator(String signature, RecordProgram condition) {
    this.signature = signature;
    this.condition = condition;
  }

  public RecordProgram condition() {
    return condition;
  }

  @Override
  public String signature() {
    return signature;
  }

  @Override
  public void process(SyncRecord record, OperatorContext context) {
    Object result;
    try {
      result = condition.eval(record);
    } catch (RecordProgram.EvaluationFailure e) {
      context.reject(record, e.getMessage());
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      context.emit(record);
    }
  }
}
