package io.knactor.sync.query;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StoredRecord;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.InMemoryStateStore;
import io.knactor.sync.exec.PartitionTask;
import io.knactor.sync.exec.SourceRecord;
import io.knactor.sync.exec.Step;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SourcePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Sync pipeline over the records stored in a log store: the analytics form of {@link
 * io.knactor.core.log.LogQuery}, with every Sync operator. Each scanned partition runs through its
 * own {@link PartitionTask} over in-memory state, exactly as a Sync would run it (so aggregates are
 * per partition, and a record older than a closed window is late); at the end of each partition's
 * scanned records the watermark jumps to the end of time, so every window still open closes and
 * emits.
 *
 * <p>The scan is bounded: a query runs over at most {@link #MAX_LIMIT} records and refuses, rather
 * than truncates, a selection larger than its limit (a truncated aggregate would be wrong without
 * saying so). Immutable and thread-safe: compile once, run many.
 */
public final class PipelineQuery {
  /** Records a query scans when the caller gives no limit. */
  public static final long DEFAULT_LIMIT = 10_000;

  /** The most records one query may scan. */
  public static final long MAX_LIMIT = 100_000;

  private static final int BATCH = 1_000;

  private final SourcePlan plan;

  private PipelineQuery(SourcePlan plan) {
    this.plan = plan;
  }

  /**
   * Parses ({@link PipelineText}) and checks {@code pipeline} against the schema of the records of
   * {@code store}.
   *
   * @throws InvalidInputException naming {@code pipeline}, listing every problem as {@code
   *     pipeline:line:column: error: pipeline[i].operator: message}
   */
  public static PipelineQuery compile(SyncChecker checker, LogStoreInfo store, String pipeline) {
    try {
      var steps = PipelineText.parse(pipeline, "pipeline");
      var plan =
          checker
              .checkQuery(store.spec().store(), store.spec().kind(), steps, "pipeline")
              .orThrow();
      return new PipelineQuery(plan.sources().get(0));
    } catch (SpecException e) {
      throw new InvalidInputException(e.getMessage(), "pipeline", e);
    }
  }

  /**
   * Runs the pipeline over the records {@code request} selects (its own limit is replaced by {@code
   * limit}).
   *
   * @throws InvalidInputException naming {@code limit} when it is not between 1 and {@link
   *     #MAX_LIMIT}, or when the request selects more than {@code limit} records
   */
  public QueryResult run(LogExchange logs, ScanRequest request, long limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit, "limit");
    }
    Run run = new Run();
    long scanned = logs.scan(request.limit(limit + 1), run::visit);
    if (scanned > limit) {
      throw new InvalidInputException(
          "the query selects more than "
              + limit
              + " records; narrow it with a time or offset range, or raise limit (at most "
              + MAX_LIMIT
              + ")",
          "limit");
    }
    run.endPartition();
    return new QueryResult(run.rows, scanned, run.dropped);
  }

  /** One run's partition task and batch; the scan visits partitions one after another. */
  private final class Run {
    final List<QueryResult.Row> rows = new ArrayList<>();
    final List<SourceRecord> batch = new ArrayList<>();
    PartitionTask task;
    long dropped;

    boolean visit(StoredRecord record) {
      if (task != null && task.partition() != record.partition()) {
        endPartition();
      }
      if (task == null) {
        task = PartitionTask.open(plan, record.partition(), new InMemoryStateStore());
      }
      batch.add(
          new SourceRecord(
              record.offset(),
              new SyncRecord(record.key(), record.timestamp().toEpochMilli(), record.value())));
      if (batch.size() == BATCH) {
        flush();
      }
      return true;
    }

    void endPartition() {
      if (task == null) {
        return;
      }
      flush();
      apply(task.advanceWatermark(Long.MAX_VALUE));
      dropped += task.counters().dropped();
      task = null;
    }

    private void flush() {
      if (!batch.isEmpty()) {
        apply(task.process(batch));
        batch.clear();
      }
    }

    private void apply(Step step) {
      task.commit(step);
      for (Emission emission : step.emissions()) {
        rows.add(new QueryResult.Row(task.partition(), emission.record()));
      }
    }
  }
}
