package io.knactor.bench.sync;

import io.knactor.bench.report.Machine;
import io.knactor.bench.report.ScenarioCpu;
import io.knactor.bench.report.Scenarios;
import io.knactor.core.log.LogExchange;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.exchange.embedded.log.EmbeddedLogOptions;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SyncPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.streams.Topology;

/**
 * The sync benchmark: the Sync engine against Kafka Streams on the same pipelines in one run, its
 * exactly-once cost on the embedded log exchange, the speed-up of consolidated flows, the time to
 * hand a partition's state over in memory, and the time to move a partition of a running Sync.
 * Prints progress; {@link SyncReport} renders the results.
 */
public final class SyncBenchmark {

  /** One pipeline measured four ways, over the same input. */
  public record Comparison(
      Throughput engine, Throughput engineWithCodec, Throughput streams, Throughput embedded) {}

  /** Consolidation at one flow count: the flows planned together, and each planned alone. */
  public record Consolidation(int flows, Throughput shared, Throughput unshared) {
    public double speedUp() {
      return (double) unshared.cpuNanos() / shared.cpuNanos();
    }
  }

  /** Everything one run measured. */
  public record Results(
      Machine machine,
      SyncSettings settings,
      Duration elapsed,
      List<ScenarioCpu> cpu,
      Comparison filterRename,
      Comparison aggregate,
      Throughput atLeastOnce,
      List<Consolidation> consolidation,
      Reassignment reassignment,
      LiveMoves moves,
      LiveMoves movesUnsynced) {}

  private final Path dir;
  private final SyncSettings settings;
  private final Consumer<String> progress;
  private final Scenarios scenarios;

  private SyncBenchmark(Path dir, SyncSettings settings, Consumer<String> progress) {
    this.dir = dir;
    this.settings = settings;
    this.progress = progress;
    this.scenarios = new Scenarios(progress);
  }

  public static Results run(Path dir, SyncSettings settings, Consumer<String> progress)
      throws Exception {
    return new SyncBenchmark(dir, settings, progress).runAll();
  }

  /**
   * Runs one scenario alone and prints its measurements, for comparing code changes back to back:
   * {@code filter-rename} (scenario 1, exactly-once and at-least-once included), {@code aggregate}
   * (2) or {@code consolidation} (3). Renders no report.
   */
  public static void runOne(
      Path dir, SyncSettings settings, Consumer<String> progress, String scenario)
      throws Exception {
    SyncBenchmark b = new SyncBenchmark(dir, settings, progress);
    switch (scenario) {
      case "filter-rename" ->
          b.compare(
              "filter-rename",
              SyncWorkload.plan(SyncWorkload.FILTER_RENAME, "filter-rename.yaml"),
              StreamsRunner.filterRename(),
              SyncWorkload::reading,
              new Throughput[1]);
      case "aggregate" ->
          b.compare(
              "aggregate",
              SyncWorkload.plan(SyncWorkload.AGGREGATE, "aggregate.yaml"),
              StreamsRunner.aggregate(),
              SyncWorkload::energy,
              null);
      case "consolidation" -> b.consolidation();
      default ->
          throw new IllegalArgumentException(
              "unknown scenario '"
                  + scenario
                  + "' (available: filter-rename, aggregate, consolidation)");
    }
  }

  /**
   * Runs scenario 5 alone, synced then not synced: {@code [synced, unsynced]}. For comparing moves
   * back to back without the minutes of the other scenarios ({@code bin/bench sync --only moves}).
   */
  public static List<LiveMoves> runMoves(Path dir, SyncSettings settings, Consumer<String> progress)
      throws Exception {
    SyncBenchmark b = new SyncBenchmark(dir, settings, progress);
    return List.of(
        b.scenarios.run(
            "5. partition moves in a running Sync", () -> b.moves(EmbeddedLogOptions.defaults())),
        b.scenarios.run(
            "5b. the same, writes not synced",
            () -> b.moves(EmbeddedLogOptions.defaults().withSyncWrites(false))));
  }

  private Results runAll() throws Exception {
    Machine machine = Machine.describe();
    long start = System.nanoTime();
    progress.accept(
        String.format(
            Locale.ROOT,
            "sync benchmark: %d cores, %s, load average %.2f, %,d records per run, data in %s",
            machine.cores(),
            machine.jdk(),
            machine.loadAverage(),
            settings.records(),
            dir));
    SyncPlan filterRenamePlan = SyncWorkload.plan(SyncWorkload.FILTER_RENAME, "filter-rename.yaml");
    SyncPlan aggregatePlan = SyncWorkload.plan(SyncWorkload.AGGREGATE, "aggregate.yaml");
    Throughput[] alo = new Throughput[1];
    Comparison filterRename =
        scenarios.run(
            "1. filter+rename",
            () ->
                compare(
                    "filter-rename",
                    filterRenamePlan,
                    StreamsRunner.filterRename(),
                    SyncWorkload::reading,
                    alo));
    Comparison aggregate =
        scenarios.run(
            "2. keyed tumbling-window aggregate",
            () ->
                compare(
                    "aggregate",
                    aggregatePlan,
                    StreamsRunner.aggregate(),
                    SyncWorkload::energy,
                    null));
    List<Consolidation> consolidation =
        scenarios.run("3. consolidation of flows sharing a prefix", this::consolidation);
    Reassignment reassignment =
        scenarios.run(
            "4. partition reassignment",
            () -> {
              Reassignment r =
                  Reassignment.run(
                      aggregatePlan,
                      SyncWorkload.records(
                          SyncWorkload::energy, 0, settings.consolidationRecords()),
                      settings.batch(),
                      settings.handovers());
              detail(
                  "hand-over p50 %.1f µs, p99 %.1f µs; %,d state keys, %,d bytes; lost %d, repeated %d"
                      .formatted(
                          r.handover().percentile(50) / 1e3,
                          r.handover().percentile(99) / 1e3,
                          r.stateKeys(),
                          r.stateBytes(),
                          r.lost(),
                          r.repeated()));
              return r;
            });
    LiveMoves moves =
        scenarios.run(
            "5. partition moves in a running Sync", () -> moves(EmbeddedLogOptions.defaults()));
    LiveMoves movesUnsynced =
        scenarios.run(
            "5b. the same, writes not synced (the runtime's share of a move)",
            () -> moves(EmbeddedLogOptions.defaults().withSyncWrites(false)));
    return new Results(
        machine,
        settings,
        Duration.ofNanos(System.nanoTime() - start),
        scenarios.cpu(),
        filterRename,
        aggregate,
        alo[0],
        consolidation,
        reassignment,
        moves,
        movesUnsynced);
  }

  /** The word count's sum Sync on the embedded log exchange, its partitions moved as it runs. */
  private LiveMoves moves(EmbeddedLogOptions options) throws Exception {
    Path at = dir.resolve(options.syncWrites() ? "moves" : "moves-unsynced");
    try (Closing logs = new Closing(EmbeddedLogExchange.open(at, options))) {
      LiveMoves m = LiveMoves.run(logs.exchange, settings.moves(), settings.moves());
      detail(
          ("assign: resumed p50 %.1f µs, p99 %.1f µs; output gap p50 %.1f µs; took p50 %.1f µs;"
                  + " %d rescales; %,d words, lost %d, repeated %d, out of order %d")
              .formatted(
                  m.resume().percentile(50) / 1e3,
                  m.resume().percentile(99) / 1e3,
                  m.gap().percentile(50) / 1e3,
                  m.handOver().percentile(50) / 1e3,
                  m.rescales(),
                  m.words(),
                  m.lost(),
                  m.repeated(),
                  m.disordered()));
      return m;
    }
  }

  /**
   * Runs one pipeline in-memory, in-memory with JSON codec, in Kafka Streams and on the embedded
   * log exchange with exactly-once commits (and, when {@code alo} is given, at-least-once too).
   */
  private Comparison compare(
      String name,
      SyncPlan plan,
      Topology topology,
      SyncWorkload.Generator generator,
      Throughput[] alo)
      throws Exception {
    Throughput[] inMemory = inMemory(plan, topology, generator);
    int n = settings.records();
    int batch = settings.batch();
    try (Closing logs = new Closing(EmbeddedLogExchange.open(dir.resolve(name)))) {
      new EmbeddedRunner(logs.exchange, plan, "load").load(generator, n);
      // Warm-up of both modes, as long as the other engines': separate subscribers over the first
      // records. The embedded rows are charged every JVM thread, the JIT's included, so a shorter
      // warm-up would charge them compilation the other rows do not pay.
      int warmup = Math.min(settings.warmupRecords(), n);
      new EmbeddedRunner(logs.exchange, plan, "warm.eo")
          .process(warmup, batch, EmbeddedRunner.Mode.EXACTLY_ONCE);
      new EmbeddedRunner(logs.exchange, plan, "warm.alo")
          .process(warmup, batch, EmbeddedRunner.Mode.AT_LEAST_ONCE);
      EmbeddedRunner eo = new EmbeddedRunner(logs.exchange, plan, "sync.eo");
      Throughput embedded =
          measuredJvm(
              "Sync on the embedded log exchange, exactly-once",
              n,
              () -> eo.process(n, batch, EmbeddedRunner.Mode.EXACTLY_ONCE));
      if (alo != null) {
        EmbeddedRunner atLeastOnce = new EmbeddedRunner(logs.exchange, plan, "sync.alo");
        alo[0] =
            measuredJvm(
                "Sync on the embedded log exchange, at-least-once",
                n,
                () -> atLeastOnce.process(n, batch, EmbeddedRunner.Mode.AT_LEAST_ONCE));
      }
      return new Comparison(inMemory[0], inMemory[1], inMemory[2], embedded);
    }
  }

  /**
   * The rows that do not touch storage: the engine in memory, with JSON codec, and Kafka Streams.
   * Their inputs, a million records in memory, are garbage once this returns, so the embedded rows,
   * charged every JVM thread's CPU, do not pay the collector for keeping them.
   */
  private Throughput[] inMemory(SyncPlan plan, Topology topology, SyncWorkload.Generator generator)
      throws Exception {
    int n = settings.records();
    int batch = settings.batch();
    List<SyncRecord> warm = SyncWorkload.records(generator, 0, settings.warmupRecords());
    List<EngineRunner.Encoded> warmEncoded = EngineRunner.encode(warm);
    EngineRunner.run(List.of(plan), warm, batch, e -> {});
    EngineRunner.runWithCodec(plan, warmEncoded, batch);
    StreamsRunner.run(topology, warmEncoded, batch);
    warm = null;
    warmEncoded = null;

    List<SyncRecord> records = SyncWorkload.records(generator, 0, n);
    List<EngineRunner.Encoded> encoded = EngineRunner.encode(records);
    Throughput engine =
        measured(
            "Sync engine, in memory",
            n,
            () -> EngineRunner.run(List.of(plan), records, batch, e -> {}));
    Throughput codec =
        measured(
            "Sync engine, in memory, JSON decode/encode",
            n,
            () -> EngineRunner.runWithCodec(plan, encoded, batch));
    Throughput streams =
        measured(
            "Kafka Streams (TopologyTestDriver)",
            n,
            () -> StreamsRunner.run(topology, encoded, batch));
    return new Throughput[] {engine, codec, streams};
  }

  private List<Consolidation> consolidation() throws Exception {
    int n = settings.consolidationRecords();
    List<SyncRecord> records = SyncWorkload.records(SyncWorkload::reading, 0, n);
    List<Consolidation> out = new ArrayList<>();
    // Warm-up of both shapes.
    List<SyncRecord> warm =
        SyncWorkload.records(SyncWorkload::reading, 0, settings.warmupRecords());
    EngineRunner.run(List.of(shared(8)), warm, settings.batch(), e -> {});
    EngineRunner.run(unshared(8), warm, settings.batch(), e -> {});
    for (int flows : List.of(1, 2, 4, 8)) {
      SyncPlan shared = shared(flows);
      List<SyncPlan> unshared = unshared(flows);
      Throughput together =
          measured(
              flows + " flows, planned together",
              n,
              () -> EngineRunner.run(List.of(shared), records, settings.batch(), e -> {}));
      Throughput apart =
          measured(
              flows + " flows, each planned alone",
              n,
              () -> EngineRunner.run(unshared, records, settings.batch(), e -> {}));
      if (together.outputs() != apart.outputs()) {
        throw new IllegalStateException(
            "consolidated flows emitted "
                + together.outputs()
                + " records, unconsolidated "
                + apart.outputs());
      }
      Consolidation c = new Consolidation(flows, together, apart);
      detail(String.format(Locale.ROOT, "%d flows: speed-up %.2fx", flows, c.speedUp()));
      out.add(c);
    }
    return out;
  }

  private static SyncPlan shared(int flows) {
    return SyncWorkload.plan(SyncWorkload.sharedPrefix(flows), "shared.yaml");
  }

  private static List<SyncPlan> unshared(int flows) {
    return IntStream.range(0, flows)
        .mapToObj(i -> SyncWorkload.plan(SyncWorkload.sharedPrefix(List.of(i)), "alone.yaml"))
        .toList();
  }

  private Throughput measured(String what, long records, Throughput.Body body) throws Exception {
    return report(what, Throughput.onThisThread(records, body));
  }

  /**
   * Measures a run charged every JVM thread's CPU. The heap is collected first, so the run does not
   * pay for the garbage of what ran before it (the single-thread rows are never charged for
   * theirs).
   */
  private Throughput measuredJvm(String what, long records, Throughput.Body body) throws Exception {
    System.gc();
    return report(what, Throughput.wholeJvm(records, body));
  }

  private Throughput report(String what, Throughput t) {
    detail(
        String.format(
            Locale.ROOT,
            "%-50s %,10.0f records/s per core, %,10.0f records/s wall, %,d outputs",
            what,
            t.perCore(),
            t.perSecond(),
            t.outputs()));
    return t;
  }

  private void detail(String line) {
    progress.accept("      " + line);
  }

  /** Closes the exchange after a scenario. */
  private record Closing(LogExchange exchange) implements AutoCloseable {
    @Override
    public void close() {
      exchange.close();
    }
  }
}
