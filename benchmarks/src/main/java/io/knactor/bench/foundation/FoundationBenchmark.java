package io.knactor.bench.foundation;

import io.knactor.bench.report.Machine;
import io.knactor.bench.report.ScenarioCpu;
import io.knactor.bench.report.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The foundation benchmark: the four scenarios of the storage and watch layer, in one run, on one
 * data directory. Prints progress as it goes and records how busy the CPUs were during each
 * scenario; {@link FoundationReport} turns the results into the {@code foundation} section of
 * docs/benchmarks.md.
 */
public final class FoundationBenchmark {

  /** Everything one run measured, where, and how busy the CPUs were during each scenario. */
  public record Results(
      Machine machine,
      Duration elapsed,
      List<ScenarioCpu> cpu,
      FsyncBaseline.Result fsync,
      List<LatencyScenario.Row> latency,
      List<DurableThroughput.Run> throughput,
      WatchFanOut.Result fanOut) {}

  private final Consumer<String> progress;
  private final Scenarios scenarios;

  private FoundationBenchmark(Consumer<String> progress) {
    this.progress = progress;
    this.scenarios = new Scenarios(progress);
  }

  public static Results run(Path dataDir, Settings settings, Consumer<String> progress)
      throws InterruptedException {
    return new FoundationBenchmark(progress).runAll(dataDir, settings);
  }

  private Results runAll(Path dir, Settings settings) throws InterruptedException {
    Machine machine = Machine.describe();
    long start = System.nanoTime();
    progress.accept(
        String.format(
            java.util.Locale.ROOT,
            "foundation benchmark: %d cores, %s, load average %.2f, data in %s",
            machine.cores(),
            machine.jdk(),
            machine.loadAverage(),
            dir));
    Consumer<String> detail = line -> progress.accept("      " + line);
    FsyncBaseline.Result fsync =
        scenarios.run(
            "1. raw fdatasync",
            () -> {
              FsyncBaseline.Result result = FsyncBaseline.run(dir, settings.fsync());
              detail.accept(
                  String.format(
                      java.util.Locale.ROOT,
                      "%,.0f syncs/s, %.0f µs per sync",
                      result.perSecond(),
                      result.meanNanos() / 1e3));
              return result;
            });
    List<LatencyScenario.Row> latency =
        scenarios.run(
            "2. write-to-watch-notification latency",
            () -> LatencyScenario.run(dir, settings, detail));
    List<DurableThroughput.Run> throughput =
        scenarios.run(
            "3. durable write throughput",
            () -> DurableThroughput.run(dir, settings.warmup(), settings.measure(), detail));
    WatchFanOut.Result fanOut =
        scenarios.run(
            "4. watch fan-out",
            () -> WatchFanOut.run(dir, settings.warmup(), settings.measure(), detail));
    return new Results(
        machine,
        Duration.ofNanos(System.nanoTime() - start),
        scenarios.cpu(),
        fsync,
        latency,
        throughput,
        fanOut);
  }
}
