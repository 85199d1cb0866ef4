package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.sync.exec.internal.OperatorContext;
import io.knactor.sync.exec.internal.TaskState;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.FlowSink;
import io.knactor.sync.plan.PlanNode;
import io.knactor.sync.plan.SourcePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs every flow of one source over one partition of it: the unit of parallelism and of
 * reassignment. It processes a batch of records into a {@link Step} (emissions, state changes, new
 * offset) that the caller commits as one unit; all state, including the offset and watermark, lives
 * in its {@link StateStore}, so a task reopened over the same committed state, here or on another
 * instance, continues exactly where the last committed step ended.
 *
 * <p>Deterministic: the same records in the same order give the same emissions and state however
 * they are split into batches. The watermark is the highest event time seen in the partition;
 * windows close when it passes their end plus their allowed lateness.
 *
 * <p>Not thread-safe: one thread drives a task. At most one step is outstanding: commit or abort it
 * before processing the next batch.
 */
public final class PartitionTask {
  static final String TASK_NAMESPACE = "task";
  private static final String OFFSET = "offset";
  private static final String WATERMARK = "watermark";
  private static final String UPSTREAM = "upstream/";

  private final SourcePlan plan;
  private final int partition;
  private final StateStore store;
  private final TaskState state;
  private final NodeRun root;
  private final TaskCounters counters = new TaskCounters();
  private final LongSupplier wallClock;
  private final boolean repartitions;
  private long lastArrival;
  private long lastIdleMarkers;
  private final List<Emission> emissions = new ArrayList<>();
  private long nextOffset;
  private long watermark;
  private Step pending;

  private PartitionTask(SourcePlan plan, int partition, StateStore store, LongSupplier wallClock) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.partition = partition;
    this.store = Objects.requireNonNull(store, "store");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.lastArrival = wallClock.getAsLong();
    this.lastIdleMarkers = lastArrival;
    this.repartitions = plan.repartitions();
    this.state = new TaskState(store);
    this.root = new NodeRun(plan.root());
    loadCommitted();
  }

  /**
   * Opens the task of {@code partition} over its committed state: an empty store starts at offset
   * 0; a store holding a snapshot of another instance's task resumes from that task's offset.
   */
  public static PartitionTask open(SourcePlan plan, int partition, StateStore store) {
    return open(plan, partition, store, System::currentTimeMillis);
  }

  /**
   * Like {@link #open(SourcePlan, int, StateStore)}, with the wall clock (epoch milliseconds) that
   * {@link #idle()} reads: tests pass a clock they move by hand.
   */
  public static PartitionTask open(
      SourcePlan plan, int partition, StateStore store, LongSupplier wallClock) {
    return new PartitionTask(plan, partition, store, wallClock);
  }

  public SourcePlan plan() {
    return plan;
  }

  public int partition() {
    return partition;
  }

  /** The offset to read from: the first record whose effects are not committed. */
  public long committedOffset() {
    return pending == null ? nextOffset : offsetIn(store);
  }

  public TaskCounters counters() {
    return counters;
  }

  /**
   * Processes a batch in order. Records below the committed offset are skipped, so a redelivered
   * batch has no effect twice.
   *
   * @throws IllegalStateException when the previous step was neither committed nor aborted
   * @throws IllegalArgumentException when offsets do not increase
   */
  public Step process(List<SourceRecord> batch) {
    if (pending != null) {
      throw new IllegalStateException(
          "partition " + partition + ": commit or abort the previous step first");
    }
    if (!batch.isEmpty()) {
      lastArrival = wallClock.getAsLong();
    }
    int processed = 0;
    long previous = -1;
    for (SourceRecord input : batch) {
      if (input.offset() <= previous) {
        throw new IllegalArgumentException(
            "offsets must increase within a batch: " + input.offset() + " after " + previous);
      }
      previous = input.offset();
      if (input.offset() < nextOffset) {
        counters.countSkipped();
        continue;
      }
      processRecord(input.record());
      nextOffset = input.offset() + 1;
      processed++;
    }
    if (processed > 0) {
      state.put(TASK_NAMESPACE, OFFSET, LongNode.valueOf(nextOffset));
      state.put(TASK_NAMESPACE, WATERMARK, LongNode.valueOf(watermark));
    }
    return pending(processed);
  }

  /**
   * Advances the watermark to {@code to} without a record, as though a record of that event time
   * had arrived and been filtered out: windows that {@code to} closes emit their results. The new
   * watermark is part of the step's state changes, so it is committed with the emissions (and a
   * task reopened after an aborted step has not advanced). A watermark never goes back: at or below
   * the current one, or before the partition's first record, the step is empty; except that a
   * partition that repartitions advances before its first record too, since the readers of the
   * internal store wait for every source partition's watermark.
   *
   * @throws IllegalStateException when the previous step was neither committed nor aborted
   */
  public Step advanceWatermark(long to) {
    if (pending != null) {
      throw new IllegalStateException(
          "partition " + partition + ": commit or abort the previous step first");
    }
    if ((watermark != OperatorContext.NO_WATERMARK || repartitions) && to > watermark) {
      watermark = to;
      root.advance(watermark);
      state.put(TASK_NAMESPACE, WATERMARK, LongNode.valueOf(watermark));
    }
    return pending(0);
  }

  /**
   * The step of an idle partition, when there is one to commit. A partition is idle when its plan
   * has an {@link SourcePlan#idleTimeout()} and no record has arrived for that long by the wall
   * clock (since the last batch that had records, or since the task opened). Its watermark then
   * advances to {@code now - idleTimeout}: a record arriving later is assumed to be no older than
   * that. The step is returned only when the advance does something besides moving the watermark (a
   * window closes and emits, or its state is forgotten); otherwise nothing changes, the watermark
   * included, and the advance is tried again at the next call. Commit the step as any other: the
   * windows it closes leave the state in the same commit that emits them, so they are emitted once.
   * A partition that repartitions also returns the step when its only effect is watermark markers,
   * at most once per {@code idleTimeout}, so that the readers of the internal store move on.
   *
   * @throws IllegalStateException when the previous step was neither committed nor aborted
   */
  public Optional<Step> idle() {
    long timeout = plan.idleTimeout();
    long now = wallClock.getAsLong();
    if (timeout <= 0 || now - lastArrival < timeout) {
      return Optional.empty();
    }
    Step step = advanceWatermark(now - timeout);
    boolean onlyMarkers =
        step.emissions().stream()
            .allMatch(e -> e.destination().mode() == Destination.Mode.WATERMARK);
    boolean onlyWatermark =
        onlyMarkers
            && step.changes().changes().stream()
                .allMatch(c -> c.namespace().equals(TASK_NAMESPACE) && c.key().equals(WATERMARK));
    boolean markersDue = !step.emissions().isEmpty() && now - lastIdleMarkers >= timeout;
    if (onlyWatermark && !markersDue) {
      abort(step);
      return Optional.empty();
    }
    if (!step.emissions().isEmpty()) {
      lastIdleMarkers = now;
    }
    return Optional.of(step);
  }

  /** The task's watermark including the outstanding step, if any. */
  public long watermark() {
    return watermark;
  }

  private Step pending(int processed) {
    if (repartitions) {
      root.emitMarkers();
    }
    pending =
        new Step(
            plan.source(), partition, nextOffset, watermark, emissions, state.changes(), processed);
    emissions.clear();
    return pending;
  }

  /** Records that the caller made {@code step} durable: its state becomes the committed state. */
  public void commit(Step step) {
    requirePending(step);
    store.apply(step.changes());
    state.clear();
    pending = null;
  }

  /** Forgets {@code step}: the task returns to the last committed state and offset. */
  public void abort(Step step) {
    requirePending(step);
    state.clear();
    pending = null;
    loadCommitted();
  }

  /** The committed state, offset included, to open the partition elsewhere. */
  public StateSnapshot snapshot() {
    if (pending != null) {
      throw new IllegalStateException("commit or abort the outstanding step before a snapshot");
    }
    return store.snapshot();
  }

  private void requirePending(Step step) {
    if (pending == null || pending != step) {
      throw new IllegalStateException("step is not this task's outstanding step");
    }
  }

  private void loadCommitted() {
    nextOffset = offsetIn(store);
    JsonNode w = store.get(TASK_NAMESPACE, WATERMARK);
    watermark = w == null ? OperatorContext.NO_WATERMARK : w.asLong();
    root.setWatermark(watermark);
  }

  private static long offsetIn(StateStore store) {
    JsonNode offset = store.get(TASK_NAMESPACE, OFFSET);
    return offset == null ? 0 : offset.asLong();
  }

  private void processRecord(SyncRecord record) {
    if (plan.upstream() != null) {
      processRepartitioned(record);
      return;
    }
    counters.countRecord();
    root.deliver(record);
    if (record.time() > watermark || watermark == OperatorContext.NO_WATERMARK) {
      watermark = record.time();
      root.advance(watermark);
    }
  }

  /**
   * A record of a repartition step's internal store: a marker moves the watermark to the smallest
   * of the source partitions' watermarks, once every one of them has sent one; a record's own event
   * time does not move it, since a slower source partition may still send older records.
   */
  private void processRepartitioned(SyncRecord record) {
    if (!WatermarkMarker.isMarker(record.value())) {
      counters.countRecord();
      root.deliver(record);
      return;
    }
    JsonNode marker = record.value();
    String from = UPSTREAM + marker.get(WatermarkMarker.FROM).asInt();
    long upstream = marker.get(WatermarkMarker.WATERMARK).asLong();
    JsonNode known = state.get(TASK_NAMESPACE, from);
    if (known == null || upstream > known.asLong()) {
      state.put(TASK_NAMESPACE, from, LongNode.valueOf(upstream));
    }
    long min = Long.MAX_VALUE;
    for (int p = 0; p < marker.get(WatermarkMarker.OF).asInt(); p++) {
      JsonNode w = state.get(TASK_NAMESPACE, UPSTREAM + p);
      if (w == null) {
        return;
      }
      min = Math.min(min, w.asLong());
    }
    if (min > watermark) {
      watermark = min;
      root.advance(watermark);
    }
  }

  private void sink(FlowSink sink, SyncRecord record) {
    Destination destination = sink.destination();
    if (destination.mode() != Destination.Mode.FOLD) {
      emissions.add(new Emission(sink.flow(), destination, record));
      return;
    }
    String object = sink.objectName() != null ? sink.objectName() : record.key();
    String namespace = "fold/" + sink.flow();
    JsonNode latest = state.get(namespace, object);
    if (latest == null || record.time() >= latest.asLong()) {
      state.put(namespace, object, LongNode.valueOf(record.time()));
      emissions.add(
          new Emission(
              sink.flow(), destination, new SyncRecord(object, record.time(), record.value())));
    }
  }

  /** One plan node running in this task: its watermark and its view of the task's state. */
  private final class NodeRun implements OperatorContext {
    private final PlanNode node;
    private final List<NodeRun> children = new ArrayList<>();
    private final TaskCounters.StepRuns runs;
    private long inputWatermark = NO_WATERMARK;
    private long marked = NO_WATERMARK;

    NodeRun(PlanNode node) {
      this.node = node;
      this.runs = node.operator() == null ? null : counters.stepCounter(node.id());
      node.children().forEach(child -> children.add(new NodeRun(child)));
    }

    void setWatermark(long watermark) {
      inputWatermark = watermark;
      marked = watermark;
      long out = output(watermark);
      children.forEach(child -> child.setWatermark(out));
    }

    void deliver(SyncRecord record) {
      if (node.operator() == null) {
        emit(record);
        return;
      }
      runs.increment();
      node.operator().process(record, this);
    }

    void advance(long watermark) {
      inputWatermark = watermark;
      if (node.operator() != null) {
        node.operator().advance(this);
      }
      long out = output(watermark);
      children.forEach(child -> child.advance(out));
    }

    /**
     * At a repartition step whose watermark advanced since the last step: one marker for every
     * partition of its internal store, after the step's records, in the same commit.
     */
    void emitMarkers() {
      for (FlowSink sink : node.sinks()) {
        Destination to = sink.destination();
        if (to.mode() == Destination.Mode.REPARTITION
            && inputWatermark != NO_WATERMARK
            && inputWatermark > marked) {
          emissions.add(
              new Emission(
                  sink.flow(),
                  new Destination(Destination.Mode.WATERMARK, to.store(), to.kind()),
                  new SyncRecord(
                      "watermark",
                      Math.max(0, inputWatermark),
                      WatermarkMarker.of(partition, inputWatermark))));
        }
      }
      if (inputWatermark != NO_WATERMARK) {
        marked = Math.max(marked, inputWatermark);
      }
      children.forEach(NodeRun::emitMarkers);
    }

    private long output(long watermark) {
      return node.operator() == null || watermark == NO_WATERMARK
          ? watermark
          : watermark - node.operator().lateness();
    }

    @Override
    public long watermark() {
      return inputWatermark;
    }

    @Override
    public void emit(SyncRecord record) {
      for (FlowSink sink : node.sinks()) {
        sink(sink, record);
      }
      for (NodeRun child : children) {
        child.deliver(record);
      }
    }

    @Override
    public void reject(SyncRecord record, String reason) {
      if (node.deadLetters().isEmpty()) {
        counters.countDropped();
        return;
      }
      ObjectNode letter = JsonNodeFactory.instance.objectNode();
      letter.put("reason", reason);
      letter.put("step", node.toString());
      letter.put("key", record.key());
      letter.put("time", record.time());
      letter.set("value", record.value());
      for (FlowSink deadLetter : node.deadLetters()) {
        emissions.add(
            new Emission(
                deadLetter.flow(),
                deadLetter.destination(),
                new SyncRecord(record.key(), record.time(), letter)));
      }
    }

    @Override
    public JsonNode get(String key) {
      return state.get(node.id(), key);
    }

    @Override
    public void put(String key, JsonNode value) {
      state.put(node.id(), key, value);
    }

    @Override
    public void delete(String key) {
      state.delete(node.id(), key);
    }

    @Override
    public List<Map.Entry<String, JsonNode>> scan(String from, String to) {
      return state.scan(node.id(), from, to);
    }
  }
}
