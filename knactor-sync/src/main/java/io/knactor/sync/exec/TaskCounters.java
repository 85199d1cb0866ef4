package io.knactor.sync.exec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a partition task has done since it was opened, for metrics and tests; counts batches that
 * were later aborted too. Not part of the committed state.
 */
public final class TaskCounters {
  private final Map<String, Long> stepRuns = new TreeMap<>();
  private long records;
  private long skipped;
  private long dropped;

  void countRun(String nodeId) {
    stepRuns.merge(nodeId, 1L, Long::sum);
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
    return stepRuns.getOrDefault(nodeId, 0L);
  }

  /** Records processed per plan step, over every step. */
  public long totalStepRuns() {
    return stepRuns.values().stream().mapToLong(Long::longValue).sum();
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
