package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.spec.InputDecl;
import io.knactor.cast.spec.KindRef;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.log.LogPartitioner;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SourceStream;
import io.knactor.sync.plan.SyncPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link SyncPlan} in memory, deterministically, without a log exchange: the model is Kafka
 * Streams' {@code TopologyTestDriver}. Each piped record goes to a partition of its source by key,
 * as every log exchange routes it ({@link LogPartitioner}), is processed at once as a batch of one
 * and committed; emissions collect in order. The records and watermark markers a {@code
 * repartition} step sends to its internal store are processed at once by the tasks of that store
 * (with the same number of partitions), and are not among the emissions. Partitions can be moved
 * ({@link #reassign}) through a state snapshot, as a running instance would hand them over.
 *
 * <p>The driver's wall clock, which idle timeouts read, starts at 0 and moves only by {@link
 * #advanceWallClock}, so idle watermarks are deterministic.
 *
 * <pre>
 * SyncTestDriver driver = new SyncTestDriver(plan);
 * driver.pipe("M.reading", "m1", 1_000, "{\"room\":\"hall\",\"triggered\":true}");
 * List&lt;SyncRecord&gt; out = driver.appended("motion");
 * </pre>
 *
 * <p>Not thread-safe.
 */
public final class SyncTestDriver {
  private final SyncPlan plan;
  private final int partitions;
  private final Map<SourceStream, Partition[]> tasks = new LinkedHashMap<>();
  private final List<Emission> emissions = new ArrayList<>();
  private long wallClock;

  private static final class Partition {
    PartitionTask task;
    long nextOffset;
  }

  public SyncTestDriver(SyncPlan plan) {
    this(plan, 1);
  }

  public SyncTestDriver(SyncPlan plan, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1");
    }
    this.plan = plan;
    this.partitions = partitions;
    for (SourcePlan source : plan.sources()) {
      Partition[] parts = new Partition[partitions];
      for (int p = 0; p < partitions; p++) {
        parts[p] = new Partition();
        parts[p].task = PartitionTask.open(source, p, new InMemoryStateStore(), this::wallClock);
      }
      tasks.put(source.source(), parts);
    }
  }

  /**
   * The source a spec names as {@code Alias.kind}, e.g. {@code M.reading}.
   *
   * @throws IllegalArgumentException when no flow of the plan reads it
   */
  public SourceStream source(String aliasDotKind) {
    KindRef ref = KindRef.parseOrNull(aliasDotKind);
    InputDecl input = ref == null ? null : plan.spec().inputs().get(ref.alias());
    if (input != null) {
      String capitalized =
          ref.kind().substring(0, 1).toUpperCase(Locale.ROOT) + ref.kind().substring(1);
      for (String kind : List.of(capitalized, ref.kind())) {
        SourceStream stream = new SourceStream(input.store(), kind);
        if (tasks.containsKey(stream)) {
          return stream;
        }
      }
    }
    throw new IllegalArgumentException(
        "no flow reads " + aliasDotKind + " (sources: " + tasks.keySet() + ")");
  }

  /** Pipes one record whose value is the JSON object {@code json}. */
  public void pipe(String source, String key, long time, String json) {
    pipe(source, new SyncRecord(key, time, Json.parseObject(json, "record " + key)));
  }

  public void pipe(String source, SyncRecord record) {
    pipe(source(source), record);
  }

  public void pipe(SourceStream source, SyncRecord record) {
    process(partition(source, partitionOf(record.key())), record);
  }

  private void process(Partition partition, SyncRecord record) {
    Step step = partition.task.process(List.of(new SourceRecord(partition.nextOffset++, record)));
    partition.task.commit(step);
    route(step);
  }

  /**
   * Collects a committed step's emissions; those for a repartition step's internal store go on to
   * its partitions at once, as the runtime's readers of the store would read them.
   */
  private void route(Step step) {
    for (Emission emission : step.emissions()) {
      Destination to = emission.destination();
      SourceStream internal = new SourceStream(to.store(), to.kind());
      switch (to.mode()) {
        case REPARTITION -> pipe(internal, emission.record());
        case WATERMARK -> {
          SyncRecord r = emission.record();
          SyncRecord marker =
              new SyncRecord(
                  r.key(), r.time(), WatermarkMarker.forPartitions(r.value(), partitions));
          for (int p = 0; p < partitions; p++) {
            process(partition(internal, p), marker);
          }
        }
        default -> emissions.add(emission);
      }
    }
  }

  /** The driver's wall clock, in milliseconds. */
  public long wallClock() {
    return wallClock;
  }

  /**
   * Moves the wall clock on by {@code by}, then lets every idle partition advance its watermark
   * ({@link PartitionTask#idle()}) and commits what that emits.
   */
  public void advanceWallClock(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the wall clock does not go back: " + by);
    }
    wallClock += by.toMillis();
    for (Partition[] parts : tasks.values()) {
      for (Partition partition : parts) {
        partition
            .task
            .idle()
            .ifPresent(
                step -> {
                  partition.task.commit(step);
                  route(step);
                });
      }
    }
  }

  /** The partition the driver routes {@code key} to. */
  public int partitionOf(String key) {
    return LogPartitioner.partition(key, partitions);
  }

  /** Every emission so far, in order. */
  public List<Emission> emissions() {
    return List.copyOf(emissions);
  }

  /** The records {@code flow} appended to its log store, in order. */
  public List<SyncRecord> appended(String flow) {
    return records(flow, Destination.Mode.APPEND);
  }

  /** The records {@code flow} sent to its dead letter store, in order. */
  public List<SyncRecord> deadLetters(String flow) {
    return records(flow, Destination.Mode.DEAD_LETTER);
  }

  /**
   * The objects {@code flow} folded into its object store, by name, as the store would hold them.
   */
  public Map<String, ObjectNode> folded(String flow) {
    Map<String, ObjectNode> objects = new TreeMap<>();
    for (SyncRecord record : records(flow, Destination.Mode.FOLD)) {
      objects.put(
          record.key(),
          JsonMergePatch.apply(objects.getOrDefault(record.key(), Json.object()), record.value()));
    }
    return objects;
  }

  private List<SyncRecord> records(String flow, Destination.Mode mode) {
    return emissions.stream()
        .filter(e -> e.flow().equals(flow) && e.destination().mode() == mode)
        .map(Emission::record)
        .toList();
  }

  public TaskCounters counters(String source, int partition) {
    return partition(source(source), partition).task.counters();
  }

  public StateSnapshot snapshot(String source, int partition) {
    return partition(source(source), partition).task.snapshot();
  }

  /**
   * Moves a partition to a new task, as another instance would take it over: the new task starts
   * from a snapshot of the old one's committed state (through its JSON form) and the old one is
   * dropped. Counters start again at zero.
   */
  public void reassign(String source, int partition) {
    Partition p = partition(source(source), partition);
    StateSnapshot moved = StateSnapshot.fromJsonBytes(p.task.snapshot().toJsonBytes());
    p.task =
        PartitionTask.open(
            p.task.plan(), partition, InMemoryStateStore.restore(moved), this::wallClock);
  }

  private Partition partition(SourceStream source, int partition) {
    Partition[] parts = tasks.get(source);
    if (parts == null) {
      throw new IllegalArgumentException("no flow reads " + source);
    }
    return parts[partition];
  }
}
