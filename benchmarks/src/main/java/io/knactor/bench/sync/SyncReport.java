package io.knactor.bench.sync;

import static io.knactor.bench.report.Units.count;
import static io.knactor.bench.report.Units.format;
import static io.knactor.bench.report.Units.micros;
import static io.knactor.bench.report.Units.ratio;

import io.knactor.bench.report.Machine;
import io.knactor.bench.report.MarkdownTable;
import io.knactor.bench.report.Samples;
import io.knactor.bench.report.ScenarioCpu;
import io.knactor.bench.report.Target;
import io.knactor.bench.sync.SyncBenchmark.Comparison;
import io.knactor.bench.sync.SyncBenchmark.Consolidation;
import io.knactor.bench.sync.SyncBenchmark.Results;
import java.util.ArrayList;
import java.util.List;

/** Renders the sync benchmark's results, targets first, as the body of its doc section. */
public final class SyncReport {
  static final double STREAMS_RATIO_TARGET = 2.0;
  static final double FILTER_RENAME_PER_CORE_TARGET = 150_000;
  static final double EXACTLY_ONCE_RATIO_TARGET = 0.8;
  static final double CONSOLIDATION_TARGET = 3.5;
  static final long HANDOVER_TARGET_NANOS = 1_000_000;

  private final Results results;

  public SyncReport(Results results) {
    this.results = results;
  }

  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (String name : List.of("filter+rename", "aggregate")) {
      Comparison c = name.equals("aggregate") ? results.aggregate() : results.filterRename();
      double engine = c.engineWithCodec().perCore() / c.streams().perCore();
      targets.add(
          new Target(
              "Sync >= 2x Kafka Streams per core, " + name,
              "in-memory Sync engine with JSON decode/encode vs Kafka Streams' TopologyTestDriver;"
                  + " neither touches storage",
              ratio(engine)
                  + " ("
                  + count(c.engineWithCodec().perCore())
                  + " vs "
                  + count(c.streams().perCore())
                  + " records/s/core)",
              engine >= STREAMS_RATIO_TARGET));
      double embedded = c.embedded().perCore() / c.streams().perCore();
      targets.add(
          new Target(
              "Sync >= 2x Kafka Streams per core, " + name + ", Sync with its storage",
              "Sync on the embedded log exchange (read, process, exactly-once commit, all JVM"
                  + " threads) vs the same Kafka Streams figure, which has no broker I/O",
              ratio(embedded)
                  + " ("
                  + count(c.embedded().perCore())
                  + " vs "
                  + count(c.streams().perCore())
                  + " records/s/core)",
              embedded >= STREAMS_RATIO_TARGET));
    }
    double filterRename = results.filterRename().embedded().perCore();
    targets.add(
        new Target(
            ">= 150,000 records/s/core, filter+rename",
            "Sync on the embedded log exchange, exactly-once, CPU of every JVM thread",
            count(filterRename) + " records/s/core",
            filterRename >= FILTER_RENAME_PER_CORE_TARGET));
    Throughput eo = results.filterRename().embedded();
    Throughput alo = results.atLeastOnce();
    double eoRatio = eo.perSecond() / alo.perSecond();
    targets.add(
        new Target(
            "exactly-once >= 0.8x at-least-once",
            "filter+rename on the embedded log exchange, records/s (wall), synced writes",
            ratio(eoRatio)
                + " ("
                + count(eo.perSecond())
                + " vs "
                + count(alo.perSecond())
                + " records/s; per core "
                + ratio(eo.perCore() / alo.perCore())
                + ")",
            eoRatio >= EXACTLY_ONCE_RATIO_TARGET));
    Consolidation eight = results.consolidation().get(results.consolidation().size() - 1);
    targets.add(
        new Target(
            "consolidation close to linear (paper: up to 3.5x)",
            eight.flows()
                + " flows sharing filter+put, CPU planned alone / planned together; linear = "
                + eight.flows()
                + "x; PASS from 3.5x",
            ratio(eight.speedUp()),
            eight.speedUp() >= CONSOLIDATION_TARGET));
    LiveMoves m = results.moves();
    targets.add(
        p99Under(
            "partition move in a running Sync < 1 ms (thesis: < 10 ms)",
            "assign of one partition of the running word-count sum on the embedded log exchange"
                + " (synced writes), from the call until the new owner holds the partition and its"
                + " state (`Move.took`), p99; its first commit waits for the producer's next"
                + " record, so that is shown beside the output's cadence with no move",
            m.handOver(),
            "; call to first commit p99 "
                + micros(m.resume().percentile(99))
                + ", output gap p99 "
                + micros(m.gap().percentile(99))
                + " vs "
                + micros(m.steadyGap().percentile(99))
                + " with no move"));
    targets.add(
        new Target(
            "no record lost or repeated by moves in a running Sync",
            "every word's running counts in the counts log are exactly 1..n after "
                + m.resume().count()
                + " assigns and "
                + m.rescales()
                + " rescales",
            m.lost()
                + " lost, "
                + m.repeated()
                + " repeated, "
                + m.disordered()
                + " out of order of "
                + count(m.words())
                + "; "
                + m.fenced()
                + " fenced, "
                + m.failures()
                + " failed rounds",
            correct(m)));
    Reassignment r = results.reassignment();
    targets.add(
        p99Under(
            "in-memory hand-over of a partition's state < 1 ms",
            "snapshot, JSON bytes, restore and reopen of a mid-window aggregate task, p99; no"
                + " claim, no log exchange, no running flow",
            r.handover(),
            ""));
    targets.add(
        new Target(
            "no record lost or repeated by an in-memory hand-over",
            "every output after the hand-over vs an uninterrupted run",
            r.lost() + " lost, " + r.repeated() + " repeated of " + count(r.expected()),
            r.lost() == 0 && r.repeated() == 0));
    return targets;
  }

  /**
   * True when a correctness check failed: outputs differ between engines, a hand-over or a move
   * lost or repeated any, or the running Sync saw a round fenced or failed.
   */
  public boolean correctnessFailed() {
    Reassignment r = results.reassignment();
    return movesFailed(results.moves(), results.movesUnsynced())
        || r.lost() != 0
        || r.repeated() != 0
        || !sameOutputs(results.filterRename())
        || !sameOutputs(results.aggregate());
  }

  /** A target met when the p99 of {@code samples} is under {@link #HANDOVER_TARGET_NANOS}. */
  private static Target p99Under(String name, String measured, Samples samples, String more) {
    long p99 = samples.percentile(99);
    return new Target(
        name,
        measured,
        micros(p99) + " (p50 " + micros(samples.percentile(50)) + more + ")",
        p99 < HANDOVER_TARGET_NANOS);
  }

  static boolean correct(LiveMoves m) {
    return m.exact() && m.fenced() == 0 && m.failures() == 0;
  }

  static boolean sameOutputs(Comparison c) {
    long n = c.engine().outputs();
    return c.engineWithCodec().outputs() == n
        && c.streams().outputs() == n
        && c.embedded().outputs() == n;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    Machine machine = results.machine();
    out.append("## Sync: the engine against Kafka Streams\n\n");
    out.append(
        "Generated by `bin/bench sync`; everything between the markers is rewritten by each run.\n\n");
    out.append(
        format(
            "**Machine:** %d cores, %s, %s. **Run:** %s, %d s, %s records per throughput run;"
                + " load average %.2f at the start.\n\n",
            machine.cores(),
            machine.jdk(),
            machine.os(),
            machine.date(),
            results.elapsed().toSeconds(),
            count(results.settings().records()),
            machine.loadAverage()));
    out.append("### Targets\n\n");
    out.append(Target.table(targets())).append('\n');
    out.append("### Load during the run\n\n");
    out.append(
        "CPU use during each scenario, in cores (of "
            + machine.cores()
            + "): the benchmark's own, and every other process's.\n\n");
    out.append(ScenarioCpu.table(results.cpu())).append('\n');
    comparison(out, "1. filter+rename", results.filterRename(), true);
    comparison(out, "2. keyed tumbling-window aggregate", results.aggregate(), false);
    consolidation(out);
    reassignment(out);
    moves(out);
    return out.toString();
  }

  private void comparison(StringBuilder out, String title, Comparison c, boolean withAlo) {
    out.append("### ").append(title).append("\n\n");
    out.append(
        "Per core: CPU time of the running thread for the in-memory and Kafka Streams rows, of"
            + " every JVM thread for the embedded rows. Kafka Streams runs in its"
            + " TopologyTestDriver: no broker I/O, one commit per record.\n\n");
    MarkdownTable table =
        new MarkdownTable("engine", "records/s per core", "records/s (wall)", "outputs");
    row(table, "Sync engine, in memory (no storage, no codec)", c.engine());
    row(table, "Sync engine, in memory, JSON decode/encode", c.engineWithCodec());
    row(table, "Kafka Streams, TopologyTestDriver (no broker)", c.streams());
    row(table, "Sync on the embedded log exchange, exactly-once", c.embedded());
    if (withAlo) {
      row(table, "Sync on the embedded log exchange, at-least-once", results.atLeastOnce());
    }
    out.append(table.render()).append('\n');
  }

  private static void row(MarkdownTable table, String name, Throughput t) {
    table.row(name, count(t.perCore()), count(t.perSecond()), count(t.outputs()));
  }

  private void consolidation(StringBuilder out) {
    out.append("### 3. Consolidation of flows sharing a prefix\n\n");
    out.append(
        "Flows over the same readings, each `filter: level > 0.5`, `put: {kw, label}`, then a"
            + " threshold filter of its own; planned in one spec (the shared prefix runs once per"
            + " record) and each planned as a spec of its own (every flow runs it). In-memory"
            + " engine, "
            + count(results.settings().consolidationRecords())
            + " source records.\n\n");
    MarkdownTable table =
        new MarkdownTable(
            "flows", "together: records/s per core", "alone: records/s per core", "speed-up");
    for (Consolidation c : results.consolidation()) {
      table.row(
          String.valueOf(c.flows()),
          count(c.shared().perCore()),
          count(c.unshared().perCore()),
          ratio(c.speedUp()));
    }
    out.append(table.render()).append('\n');
  }

  private void reassignment(StringBuilder out) {
    Reassignment r = results.reassignment();
    section(
        out,
        "4. In-memory hand-over of a partition's state",
        "A task of the aggregate stops mid-window; its committed state (%s keys, %s bytes of"
            + " JSON) is snapshotted, serialized, parsed, restored and opened as a new task, %s"
            + " times after as many unmeasured; the last new task finishes the input.\n\n",
        count(r.stateKeys()),
        count(r.stateBytes()),
        count(r.handover().count()));
    out.append(
        new MarkdownTable("p50", "p99", "max", "outputs", "lost", "repeated")
            .row(
                micros(r.handover().percentile(50)),
                micros(r.handover().percentile(99)),
                micros(r.handover().max()),
                count(r.expected()),
                String.valueOf(r.lost()),
                String.valueOf(r.repeated()))
            .render());
    out.append('\n');
  }

  private void moves(StringBuilder out) {
    moves(out, results.moves(), results.movesUnsynced());
  }

  /**
   * Scenario 5 alone, as {@code bin/bench sync --only moves} prints it: the moves' table and their
   * exactness, synced and not synced.
   */
  public static String movesOnly(LiveMoves synced, LiveMoves unsynced) {
    StringBuilder out = new StringBuilder();
    moves(out, synced, unsynced);
    return out.toString();
  }

  /** True when either run of scenario 5 lost, repeated or disordered a record, or saw a fence. */
  public static boolean movesFailed(LiveMoves synced, LiveMoves unsynced) {
    return !correct(synced) || !correct(unsynced);
  }

  private static void moves(StringBuilder out, LiveMoves m, LiveMoves unsynced) {
    section(
        out,
        "5. Partition moves in a running Sync",
        "The word count's `sum` (keyed running counts) runs on the embedded log exchange over"
            + " 6 partitions while a producer appends %d words every %d ms; %s single"
            + " partitions are assigned to another instance and the parallelism changes %s"
            + " times (2, 3, 1, 2, ...), after as many moves unmeasured. Then every word's"
            + " counts are checked. *Synced*: every write of the exchange waits for its fsync"
            + " (the default); *not synced*: the same run with `syncWrites` off, which leaves"
            + " the runtime's own share of a move.\n\n",
        LiveMoves.WORDS_PER_APPEND,
        LiveMoves.PRODUCER_PAUSE.toMillis(),
        count(m.resume().count()),
        count(m.rescales()));
    MarkdownTable table = new MarkdownTable("writes", "measure", "moves", "p50", "p99", "max");
    for (LiveMoves run : List.of(m, unsynced)) {
      String writes = run == m ? "synced" : "not synced";
      samplesRow(table, writes, "assign: call to the new owner's first commit", run.resume());
      samplesRow(table, writes, "assign: gap in the partition's commits", run.gap());
      samplesRow(table, writes, "no move: gap between a partition's commits", run.steadyGap());
      samplesRow(table, writes, "assign: the new owner holds it (`Move.took`)", run.handOver());
      if (run.rescaleResume().count() > 0) {
        samplesRow(
            table,
            writes,
            "setParallelism: call to each moved partition's first commit",
            run.rescaleResume());
      }
    }
    out.append(table.render()).append('\n');
    MarkdownTable exact =
        new MarkdownTable(
            "writes", "words", "lost", "repeated", "out of order", "fenced", "failed rounds");
    for (LiveMoves run : List.of(m, unsynced)) {
      exact.row(
          run == m ? "synced" : "not synced",
          count(run.words()),
          String.valueOf(run.lost()),
          String.valueOf(run.repeated()),
          String.valueOf(run.disordered()),
          String.valueOf(run.fenced()),
          String.valueOf(run.failures()));
    }
    out.append(exact.render()).append('\n');
  }

  private static void section(StringBuilder out, String title, String text, Object... args) {
    out.append("### ").append(title).append("\n\n").append(format(text, args));
  }

  private static void samplesRow(MarkdownTable table, String writes, String name, Samples s) {
    table.row(
        writes,
        name,
        count(s.count()),
        micros(s.percentile(50)),
        micros(s.percentile(99)),
        micros(s.max()));
  }
}
