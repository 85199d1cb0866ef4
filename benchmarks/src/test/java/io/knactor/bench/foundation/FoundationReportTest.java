package io.knactor.bench.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.bench.foundation.FoundationBenchmark.Results;
import io.knactor.bench.report.CpuUsage;
import io.knactor.bench.report.Machine;
import io.knactor.bench.report.Samples;
import io.knactor.bench.report.ScenarioCpu;
import io.knactor.bench.report.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoundationReportTest {
  private static final CpuUsage CPU = new CpuUsage(4, 1.5, Optional.of(0.1));

  @Test
  void notificationTargetsAreJudgedOnUnsyncedWritesWithTheSyncedResultBeside() {
    Results results = results(latency(40_000, 300_000, 900_000, 1_200_000), 1.0, 1.0, 1000, null);

    List<Target> targets = new FoundationReport(results).targets();

    assertThat(targets.get(0))
        .isEqualTo(
            new Target(
                "in-JVM notification p50 < 50 µs",
                "in-JVM, embedded exchange, unsynced writes",
                "40.0 µs (synced: 300 µs)",
                true));
    assertThat(targets.get(1).measured()).isEqualTo("900 µs (synced: 1.20 ms)");
    assertThat(targets.get(1).met()).isTrue();
  }

  @Test
  void notificationTargetIsMissedWhenTheUnsyncedMedianIsAtTheLimit() {
    Results results = results(latency(50_000, 50_000, 1_000_000, 1_000_000), 1.0, 1.0, 1000, null);

    List<Target> targets = new FoundationReport(results).targets();

    assertThat(targets.get(0).met()).isFalse();
    assertThat(targets.get(1).met()).isFalse();
  }

  @Test
  void groupCommitTargetIsTheRatioOfSixtyFourWritersToOne() {
    Results results = results(latency(1, 1, 1, 1), 1.0, 1.0, 1000, "cut off");

    Target target = new FoundationReport(results).targets().get(2);

    assertThat(target.measured()).isEqualTo("7.7x");
    assertThat(target.met()).isFalse();
  }

  @Test
  void fanOutTargetIsJudgedOnThePacedLoadWithTheClosedLoopBeside() {
    Results results = results(latency(1, 1, 1, 1), 1.05, 6.0, 1000, "cut off");

    Target target = new FoundationReport(results).targets().get(3);

    assertThat(target.measured()).isEqualTo("+5.0% (2.00 ms -> 2.10 ms; closed loop: +500.0%)");
    assertThat(target.met()).isTrue();
  }

  @Test
  void aWatcherThatMissedEventsFailsTheDeliveryCheckAndTheRun() {
    FoundationReport report =
        new FoundationReport(results(latency(1, 1, 1, 1), 1.0, 1.0, 999, "cut off"));

    Target delivery = report.targets().get(4);

    assertThat(delivery.measured()).isEqualTo("999 of 1000 watchers got all 5,000 events");
    assertThat(delivery.met()).isFalse();
    assertThat(report.correctnessFailed()).isTrue();
  }

  @Test
  void aStalledWatcherThatWasNotCutOffFailsTheRun() {
    FoundationReport report =
        new FoundationReport(results(latency(1, 1, 1, 1), 1.0, 1.0, 1000, null));

    assertThat(report.targets().get(5).met()).isFalse();
    assertThat(report.correctnessFailed()).isTrue();
    assertThat(report.render()).contains("- Stalled watcher: NOT cut off");
  }

  @Test
  void renderShowsEveryTargetWithItsVerdict() {
    String page =
        new FoundationReport(
                results(latency(40_000, 300_000, 2_000_000, 3_000_000), 1.0, 1.0, 1000, "cut off"))
            .render();

    assertThat(page)
        .contains(
            "| in-JVM notification p50 < 50 µs | in-JVM, embedded exchange, unsynced writes"
                + " | 40.0 µs (synced: 300 µs) | PASS |")
        .contains("| HTTP notification p50 < 1 ms |")
        .contains("| 2.00 ms (synced: 3.00 ms) | MISS |")
        .contains("| 1. raw fdatasync | 4 | 1.50 | 0.10 |")
        .contains(
            "| 64 | 23,000 | 7.7x | 7.7x | 45.0 | 1.00 ms | 1.00 ms | 1.5 cores, 261 µs/write |");
  }

  /** In-JVM and HTTP p50s, unsynced and synced; the server path gets the in-JVM values. */
  private static List<LatencyScenario.Row> latency(
      long inJvmUnsynced, long inJvmSynced, long httpUnsynced, long httpSynced) {
    List<LatencyScenario.Row> rows = new ArrayList<>();
    for (boolean synced : new boolean[] {false, true}) {
      long inJvm = synced ? inJvmSynced : inJvmUnsynced;
      rows.add(new LatencyScenario.Row(LatencyPath.IN_JVM, synced, samples(inJvm)));
      rows.add(new LatencyScenario.Row(LatencyPath.IN_JVM_SERVER, synced, samples(inJvm)));
      rows.add(
          new LatencyScenario.Row(
              LatencyPath.HTTP, synced, samples(synced ? httpSynced : httpUnsynced)));
    }
    return rows;
  }

  /**
   * 3,000 writes/s for one writer, 23,000 for 64; fan-out p99 2 ms without watchers and {@code
   * pacedRise} / {@code closedRise} times that with them.
   */
  private static Results results(
      List<LatencyScenario.Row> latency,
      double pacedRise,
      double closedRise,
      int completeWatchers,
      String stalledCutOff) {
    List<DurableThroughput.Run> throughput =
        List.of(
            new DurableThroughput.Run(load(1, 3_000, 1_000_000), 1.0),
            new DurableThroughput.Run(load(8, 12_000, 1_000_000), 6.0),
            new DurableThroughput.Run(load(64, 23_000, 1_000_000), 45.0));
    WatchFanOut.Result fanOut =
        new WatchFanOut.Result(
            new WatchFanOut.Comparison(
                load(8, 200, 2_000_000), load(8, 200, (long) (2_000_000 * pacedRise))),
            new WatchFanOut.Comparison(
                load(8, 9_000, 2_000_000), load(8, 500, (long) (2_000_000 * closedRise))),
            5_000,
            completeWatchers,
            List.of(),
            stalledCutOff);
    return new Results(
        new Machine(2, "OpenJDK 17", "Linux", "2026-01-01 00:00 UTC", 0.5),
        Duration.ofSeconds(60),
        List.of(new ScenarioCpu("1. raw fdatasync", CPU)),
        new FsyncBaseline.Result(3_000, 1_000_000_000L, samples(330_000)),
        latency,
        throughput,
        fanOut);
  }

  private static WriterLoad.Result load(int writers, long commitsPerSecond, long latencyNanos) {
    return new WriterLoad.Result(
        writers, commitsPerSecond, 1_000_000_000L, samples(latencyNanos), CPU);
  }

  private static Samples samples(long nanos) {
    Samples samples = new Samples();
    for (int i = 0; i < 100; i++) {
      samples.add(nanos);
    }
    return samples;
  }
}
