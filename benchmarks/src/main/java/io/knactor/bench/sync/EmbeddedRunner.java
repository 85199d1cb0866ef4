package io.knactor.bench.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.LogTransaction;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.InMemoryStateStore;
import io.knactor.sync.exec.PartitionTask;
import io.knactor.sync.exec.SourceRecord;
import io.knactor.sync.exec.StateChanges;
import io.knactor.sync.exec.Step;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.FlowSink;
import io.knactor.sync.plan.PlanNode;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SyncPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a one-source Sync plan over a partition of the embedded log exchange: reads a batch from the
 * source log, processes it with a {@link PartitionTask}, and commits the batch's outputs, state
 * changes and input offset, then tells the task. {@link Mode#EXACTLY_ONCE} commits all three in one
 * log transaction; {@link Mode#AT_LEAST_ONCE} appends the outputs first, then commits state and
 * offset in a second write, so a crash between the two repeats the batch's outputs.
 */
public final class EmbeddedRunner {
  /** How a batch's effects are committed. */
  public enum Mode {
    EXACTLY_ONCE,
    AT_LEAST_ONCE
  }

  private static final int LOAD_CHUNK = 5_000;

  private final LogExchange logs;
  private final SourcePlan source;
  private final String subscriber;

  /** Creates the plan's source and sink log stores, one partition each, in {@code logs}. */
  public EmbeddedRunner(LogExchange logs, SyncPlan plan, String subscriber) {
    if (plan.sources().size() != 1) {
      throw new IllegalArgumentException("expected a plan with one source: " + plan.name());
    }
    this.logs = logs;
    this.source = plan.sources().get(0);
    this.subscriber = subscriber;
    logs.createStore(LogStoreSpec.of(source.source().store(), source.source().kind(), 1));
    for (PlanNode node : source.root().descendants()) {
      for (FlowSink sink : node.sinks()) {
        Destination d = sink.destination();
        logs.createStore(LogStoreSpec.of(d.store(), d.kind(), 1));
      }
    }
  }

  /** Appends {@code records} to the source log, in chunks (not measured). */
  public void load(List<SyncRecord> records) {
    for (int from = 0; from < records.size(); from += LOAD_CHUNK) {
      List<LogRecord> part = new ArrayList<>();
      for (SyncRecord r : records.subList(from, Math.min(records.size(), from + LOAD_CHUNK))) {
        part.add(new LogRecord(r.key(), Instant.ofEpochMilli(r.time()), r.value()));
      }
      logs.append(source.source().store(), part);
    }
  }

  /**
   * Appends the first {@code count} records of {@code generator} to the source log (not measured),
   * never holding more than a chunk of them in memory.
   */
  public void load(SyncWorkload.Generator generator, int count) {
    for (int from = 0; from < count; from += LOAD_CHUNK) {
      load(SyncWorkload.records(generator, from, Math.min(count, from + LOAD_CHUNK)));
    }
  }

  /**
   * Claims the source partition, opens a task over an empty state and processes the log from the
   * committed offset to {@code end}; returns the count of outputs appended.
   */
  public long process(long end, int batch, Mode mode) {
    StoreRef store = source.source().store();
    PartitionClaim claim = logs.claim(subscriber, store, Set.of(0)).get(0);
    PartitionTask task = PartitionTask.open(source, 0, new InMemoryStateStore());
    long offset = claim.resumeOffset(0);
    long outputs = 0;
    while (offset < end) {
      List<StoredRecord> read = logs.read(store, 0, offset, batch);
      List<SourceRecord> input = new ArrayList<>(read.size());
      for (StoredRecord r : read) {
        input.add(
            new SourceRecord(
                r.offset(), new SyncRecord(r.key(), r.timestamp().toEpochMilli(), r.value())));
      }
      Step step = task.process(input);
      Map<StoreRef, List<LogRecord>> appends = appends(step);
      LogTransaction tx = logs.transaction();
      if (mode == Mode.EXACTLY_ONCE) {
        appends.forEach(tx::append);
      } else {
        appends.forEach(logs::append);
      }
      writeState(tx, step.changes());
      tx.commitOffset(claim, step.nextOffset()).commit();
      task.commit(step);
      outputs += step.emissions().size();
      offset = step.nextOffset();
    }
    return outputs;
  }

  private static Map<StoreRef, List<LogRecord>> appends(Step step) {
    Map<StoreRef, List<LogRecord>> appends = new LinkedHashMap<>();
    for (Emission e : step.emissions()) {
      if (e.destination().mode() == Destination.Mode.FOLD) {
        throw new IllegalArgumentException("the benchmark's plans only append: " + e.flow());
      }
      SyncRecord r = e.record();
      appends
          .computeIfAbsent(e.destination().store(), s -> new ArrayList<>())
          .add(new LogRecord(r.key(), Instant.ofEpochMilli(r.time()), r.value()));
    }
    return appends;
  }

  /**
   * State values are any JSON; the log exchange keeps objects, so each is wrapped as {"v": ...}.
   */
  private void writeState(LogTransaction tx, StateChanges changes) {
    for (StateChanges.Change change : changes.changes()) {
      String key = change.namespace() + "\u001f" + change.key();
      if (change.deleted()) {
        tx.deleteState(subscriber, key);
      } else {
        ObjectNode wrapped = Json.object();
        wrapped.set("v", change.value());
        tx.putState(subscriber, key, wrapped);
      }
    }
  }
}
