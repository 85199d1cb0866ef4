package io.knactor.sync.exec.internal;

import io.knactor.sync.operator.SyncRecord;

/**
 * A compiled pipeline step. Stateless and thread-safe: everything it remembers lives in the state
 * its {@link OperatorContext} gives it, so one operator serves every partition task and a task's
 * state can move between instances.
 */
public interface Operator {
  /**
   * The step's canonical text; two steps with equal signatures over the same input compute the same
   * thing, so flows sharing them share one execution.
   */
  String signature();

  /** Processes one record: emit, reject, or keep it in state. */
  void process(SyncRecord record, OperatorContext context);

  /**
   * Called when the watermark this step sees ({@link OperatorContext#watermark()}) has advanced:
   * windowed steps emit the windows that closed.
   */
  default void advance(OperatorContext context) {}

  /**
   * How far behind its input watermark this step's output runs: a windowed step emits results for
   * windows up to {@code watermark - lateness}, so later steps see that as their watermark.
   */
  default long lateness() {
    return 0;
  }
}
