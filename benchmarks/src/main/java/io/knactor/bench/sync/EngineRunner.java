package io.knactor.bench.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knactor.core.json.Json;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.InMemoryStateStore;
import io.knactor.sync.exec.PartitionTask;
import io.knactor.sync.exec.SourceRecord;
import io.knactor.sync.exec.Step;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SyncPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs Sync plans in memory, no storage: one partition task per plan over one partition, fed in
 * batches and committed to an in-memory state store after each batch, as the log exchange path does
 * but without the log. Either on records already decoded ({@link #run}), the engine alone, or on
 * JSON bytes decoded before and encoded after processing ({@link #runWithCodec}), the work Kafka
 * Streams' serdes do at its source and sink.
 */
public final class EngineRunner {
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private EngineRunner() {}

  /**
   * Processes {@code records} through a task of every plan (each plan's single source) in batches;
   * returns the count of emissions, each handed to {@code sink}.
   */
  public static long run(
      List<SyncPlan> plans, List<SyncRecord> records, int batch, Consumer<Emission> sink) {
    List<PartitionTask> tasks = open(plans);
    long outputs = 0;
    for (int from = 0; from < records.size(); from += batch) {
      int to = Math.min(records.size(), from + batch);
      List<SourceRecord> input = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        input.add(new SourceRecord(i, records.get(i)));
      }
      for (PartitionTask task : tasks) {
        Step step = task.process(input);
        task.commit(step);
        for (Emission emission : step.emissions()) {
          sink.accept(emission);
          outputs++;
        }
      }
    }
    return outputs;
  }

  /** A record with its value encoded as JSON, as it would arrive from a log. */
  public record Encoded(String key, long time, byte[] value) {}

  public static List<Encoded> encode(List<SyncRecord> records) {
    return records.stream()
        .map(r -> new Encoded(r.key(), r.time(), Json.write(r.value())))
        .toList();
  }

  /**
   * Like {@link #run} for one plan, but decodes each record's JSON value before processing and
   * encodes each emitted value after; returns the count of emissions and the bytes they encoded to.
   */
  public static long runWithCodec(SyncPlan plan, List<Encoded> records, int batch) {
    PartitionTask task = open(List.of(plan)).get(0);
    long outputs = 0;
    long bytes = 0;
    for (int from = 0; from < records.size(); from += batch) {
      int to = Math.min(records.size(), from + batch);
      List<SourceRecord> input = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        Encoded e = records.get(i);
        input.add(
            new SourceRecord(
                i, new SyncRecord(e.key(), e.time(), Json.parseObject(e.value(), "record"))));
      }
      Step step = task.process(input);
      task.commit(step);
      for (Emission emission : step.emissions()) {
        bytes += write(emission.record()).length;
        outputs++;
      }
    }
    if (bytes < 0) {
      throw new IllegalStateException("unreachable: keeps the encoding from being optimized away");
    }
    return outputs;
  }

  private static byte[] write(SyncRecord record) {
    try {
      return MAPPER.writeValueAsBytes(record.value());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<PartitionTask> open(List<SyncPlan> plans) {
    List<PartitionTask> tasks = new ArrayList<>();
    for (SyncPlan plan : plans) {
      if (plan.sources().size() != 1) {
        throw new IllegalArgumentException(
            "plan " + plan.name() + " reads " + plan.sources().size() + " sources; expected one");
      }
      tasks.add(PartitionTask.open(plan.sources().get(0), 0, new InMemoryStateStore()));
    }
    return tasks;
  }
}
