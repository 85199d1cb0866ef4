package io.knactor.bench.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.bench.report.Samples;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SyncPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness measures what it claims: every engine computes the same outputs on one input. */
class SyncHarnessTest {
  /** Two closed windows of the aggregate, and a third open. */
  private static final int N = 13_000;

  @Test
  void filterRenameGivesTheSameOutputsInEveryEngine(@TempDir Path dir) {
    SyncPlan plan = SyncWorkload.plan(SyncWorkload.FILTER_RENAME, "t.yaml");
    List<SyncRecord> records = SyncWorkload.records(SyncWorkload::reading, 0, N);
    long expected = records.stream().filter(r -> r.value().get("level").asDouble() > 0.5).count();
    assertThat(expected).isBetween(N / 3L, 2L * N / 3);

    List<String> renamed = new ArrayList<>();
    long engine =
        EngineRunner.run(
            List.of(plan),
            records,
            1_000,
            e -> {
              if (e.record().value().has("motion") && !e.record().value().has("triggered")) {
                renamed.add(e.record().key());
              }
            });
    assertThat(engine).isEqualTo(expected);
    assertThat(renamed).hasSize((int) expected);
    assertThat(EngineRunner.runWithCodec(plan, EngineRunner.encode(records), 1_000))
        .isEqualTo(expected);
    assertThat(StreamsRunner.run(StreamsRunner.filterRename(), EngineRunner.encode(records), 1_000))
        .isEqualTo(expected);
    assertThat(embedded(dir, plan, records)).containsExactly(expected, expected);
  }

  @Test
  void aggregateGivesTheSameWindowsInEveryEngine(@TempDir Path dir) {
    SyncPlan plan = SyncWorkload.plan(SyncWorkload.AGGREGATE, "t.yaml");
    List<SyncRecord> records = SyncWorkload.records(SyncWorkload::energy, 0, N);
    // Every room has a record in every window; the last window is still open at the end.
    long windows = (N - 1) * SyncWorkload.TICK_MILLIS / SyncWorkload.WINDOW_MILLIS;
    long expected = windows * SyncWorkload.ROOMS;
    assertThat(expected).isPositive();

    assertThat(EngineRunner.run(List.of(plan), records, 1_000, e -> {})).isEqualTo(expected);
    assertThat(EngineRunner.runWithCodec(plan, EngineRunner.encode(records), 1_000))
        .isEqualTo(expected);
    assertThat(StreamsRunner.run(StreamsRunner.aggregate(), EngineRunner.encode(records), 1_000))
        .isEqualTo(expected);
    assertThat(embedded(dir, plan, records)).containsExactly(expected, expected);
  }

  @Test
  void consolidatedAndSeparateFlowsEmitTheSame() {
    List<SyncRecord> records = SyncWorkload.records(SyncWorkload::reading, 0, 5_000);
    SyncPlan shared = SyncWorkload.plan(SyncWorkload.sharedPrefix(4), "t.yaml");
    List<SyncPlan> alone =
        List.of(0, 1, 2, 3).stream()
            .map(i -> SyncWorkload.plan(SyncWorkload.sharedPrefix(List.of(i)), "t.yaml"))
            .toList();
    // Shared: filter, put, and four tail filters; alone: three steps each.
    assertThat(shared.operatorCount()).isEqualTo(6);
    assertThat(alone.stream().mapToInt(SyncPlan::operatorCount).sum()).isEqualTo(12);
    long together = EngineRunner.run(List.of(shared), records, 500, e -> {});
    assertThat(together).isPositive().isEqualTo(EngineRunner.run(alone, records, 500, e -> {}));
  }

  @Test
  void reassignmentLosesAndRepeatsNothing() {
    SyncPlan plan = SyncWorkload.plan(SyncWorkload.AGGREGATE, "t.yaml");
    Reassignment r =
        Reassignment.run(plan, SyncWorkload.records(SyncWorkload::energy, 0, N), 700, 3);
    assertThat(r.expected()).isPositive();
    assertThat(r.lost()).isZero();
    assertThat(r.repeated()).isZero();
    assertThat(r.handover().count()).isEqualTo(3);
    assertThat(r.stateKeys()).isGreaterThan(SyncWorkload.ROOMS);
  }

  @Test
  void theWholeRunRendersItsSection(@TempDir Path dir) throws Exception {
    SyncBenchmark.Results results =
        SyncBenchmark.run(dir, new SyncSettings(4_000, 1_000, 1_000, 5, 500, 25), line -> {});
    SyncReport report = new SyncReport(results);
    assertThat(report.correctnessFailed()).isFalse();
    assertThat(report.targets()).hasSize(11);
    assertThat(results.consolidation())
        .extracting(SyncBenchmark.Consolidation::flows)
        .containsExactly(1, 2, 4, 8);
    assertThat(report.render())
        .contains("## Sync: the engine against Kafka Streams", "Kafka Streams, TopologyTestDriver")
        .containsPattern("\\| partition move in a running Sync < 1 ms .*\\| (PASS|MISS) \\|")
        .containsPattern(
            "\\| no record lost or repeated by moves in a running Sync \\|.*\\| PASS \\|");
    assertThat(results.moves().resume().count()).isEqualTo(25);
    assertThat(results.moves().rescales()).isEqualTo(2);
    assertThat(results.moves().words()).isPositive();
    assertThat(results.movesUnsynced().exact()).isTrue();
    assertThat(results.moves().steadyGap().count()).isPositive();
  }

  @Test
  void scenarioFiveRunsAloneSyncedThenNot(@TempDir Path dir) throws Exception {
    List<LiveMoves> runs =
        SyncBenchmark.runMoves(dir, new SyncSettings(4_000, 1_000, 1_000, 5, 500, 5), line -> {});
    assertThat(runs).hasSize(2).allMatch(SyncReport::correct);
    assertThat(runs.get(0).resume().count()).isEqualTo(5);
    assertThat(SyncReport.movesFailed(runs.get(0), runs.get(1))).isFalse();
    assertThat(SyncReport.movesOnly(runs.get(0), runs.get(1)))
        .contains("### 5. Partition moves in a running Sync", "| not synced | no move: gap");
  }

  @Test
  void differingOutputCountsAreACorrectnessFailure() {
    Throughput ten = new Throughput(100, 10, 1, 1, false);
    Throughput eleven = new Throughput(100, 11, 1, 1, false);
    assertThat(SyncReport.sameOutputs(new SyncBenchmark.Comparison(ten, ten, ten, ten))).isTrue();
    assertThat(SyncReport.sameOutputs(new SyncBenchmark.Comparison(ten, ten, eleven, ten)))
        .isFalse();
  }

  @Test
  void aLostRepeatedOrDisorderedCountOrAFencedRoundInLiveMovesIsACorrectnessFailure() {
    assertThat(SyncReport.correct(live(0, 0, 0, 0))).isTrue();
    assertThat(SyncReport.correct(live(1, 0, 0, 0))).isFalse();
    assertThat(SyncReport.correct(live(0, 1, 0, 0))).isFalse();
    assertThat(SyncReport.correct(live(0, 0, 1, 0))).isFalse();
    assertThat(SyncReport.correct(live(0, 0, 0, 1))).isFalse();
  }

  private static LiveMoves live(long lost, long repeated, long disordered, long fenced) {
    Samples none = new Samples();
    return new LiveMoves(
        none, none, none, none, none, 0, 10, lost, repeated, disordered, fenced, 0);
  }

  /** The outputs of an exactly-once and an at-least-once run over the same log. */
  private static List<Long> embedded(Path dir, SyncPlan plan, List<SyncRecord> records) {
    EmbeddedLogExchange logs = EmbeddedLogExchange.open(dir.resolve("logs"));
    try {
      new EmbeddedRunner(logs, plan, "load").load(records);
      long eo =
          new EmbeddedRunner(logs, plan, "eo")
              .process(records.size(), 1_000, EmbeddedRunner.Mode.EXACTLY_ONCE);
      long alo =
          new EmbeddedRunner(logs, plan, "alo")
              .process(records.size(), 1_000, EmbeddedRunner.Mode.AT_LEAST_ONCE);
      long sink =
          logs.describe(
                  plan.sources().get(0).root().descendants().stream()
                      .flatMap(n -> n.sinks().stream())
                      .findFirst()
                      .orElseThrow()
                      .destination()
                      .store())
              .partition(0)
              .endOffset();
      assertThat(sink).isEqualTo(eo + alo);
      return List.of(eo, alo);
    } finally {
      logs.close();
    }
  }
}
