package io.knactor.sync.operator;

import io.knactor.core.schema.FieldType;

/**
 * A pipeline step written in Java: the Invoker thesis's stateful entity. For each record it reads
 * the record, reads the state of the record's key, runs the function, writes the state and emits
 * any number of records (with any key and event time). A spec names it as {@code - operator: NAME}
 * once it is registered in an {@link OperatorRegistry}.
 *
 * <p>Must be deterministic: the same records in the same order with the same state give the same
 * outputs and state, which is what makes replay after a crash exact. One instance serves every
 * partition, possibly from several threads: keep all state in {@link KeyedState}.
 */
public interface UserOperator {
  /**
   * Processes one record.
   *
   * @throws Exception to reject the record: it goes to the flow's dead letter store with the
   *     message, or is dropped and counted when the flow has none
   */
  void process(SyncRecord record, KeyedState state, Emitter out) throws Exception;

  /**
   * The shape of the records it emits given the shape it receives, for the checker; by default the
   * same. Return {@code FieldType.scalar(FieldType.Kind.ANY)} when it cannot be known.
   */
  default FieldType outputType(FieldType input) {
    return input;
  }
}
