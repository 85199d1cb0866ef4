package io.knactor.sync.exec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a partition task has done since it was opened, for metrics and tests; counts batches that
 * were later aborted too. Not part of the committed state.
 */
public final class TaskCounters {
  private final Map<String, StepRuns> stepRuns = new TreeMap<>();
  private long records;
  private long skipped;
  private long dropped;

  /** The run count of one plan step, kept by the step's runner so a record costs no lookup. */
  static final class StepRuns {
    private long count;

    void increment() {
      count++;
    }
  }

  /** The counter of {@code nodeId}, created at zero. */
  StepRuns stepCounter(String nodeId) {
    return stepRuns.computeIfAbsent(nodeId, id -> new StepRuns());
  }

  void countRecord() {
    records++;
  }

  void countSkipped() {
    skipped++;
  }

  void countDropped() {
    dropped++;
  }

  /** How many records the plan step {@code nodeId} has processed. */
  public long stepRuns(String nodeId) {
    StepRuns runs = stepRuns.get(nodeId);
    return runs == null ? 0 : runs.count;
  }

  /** Records processed per plan step, over every step. */
  public long totalStepRuns() {
    return stepRuns.values().stream().mapToLong(runs -> runs.count).sum();
  }

  /** Source records processed. */
  public long records() {
    return records;
  }

  /** Source records skipped because their offset was already committed. */
  public long skipped() {
    return skipped;
  }

  /** Records a step rejected (late, or failed) with no dead letter store to go to. */
  public long dropped() {
    return dropped;
  }
}
