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

  /** The scenarios {@link #runOnly} runs alone: latency (2), throughput (3) and fanout (4). */
  public static final List<String> PARTS = List.of("latency", "throughput", "fanout");

  private final Consumer<String> progress;
  private final Consumer<String> detail;
  private final Scenarios scenarios;

  private FoundationBenchmark(Consumer<String> progress) {
    this.progress = progress;
    this.detail = line -> progress.accept("      " + line);
    this.scenarios = new Scenarios(progress);
  }

  public static Results run(Path dataDir, Settings settings, Consumer<String> progress)
      throws InterruptedException {
    return new FoundationBenchmark(progress).runAll(dataDir, settings);
  }

  /**
   * Runs only the scenario {@code part} (one of {@link #PARTS}) and prints its numbers, for
   * comparing the code before and after a change; writes no report.
   */
  public static void runOnly(
      Path dataDir, Settings settings, String part, Consumer<String> progress)
      throws InterruptedException {
    FoundationBenchmark benchmark = new FoundationBenchmark(progress);
    switch (part) {
      case "latency" -> benchmark.latency(dataDir, settings);
      case "throughput" -> benchmark.throughput(dataDir, settings);
      case "fanout" -> benchmark.fanOut(dataDir, settings);
      default -> throw new IllegalArgumentException("no foundation scenario '" + part + "'");
    }
  }

  private List<LatencyScenario.Row> latency(Path dir, Settings settings)
      throws InterruptedException {
    return scenarios.run(
        "2. write-to-watch-notification latency", () -> LatencyScenario.run(dir, settings, detail));
  }

  private List<DurableThroughput.Run> throughput(Path dir, Settings settings)
      throws InterruptedException {
    return scenarios.run(
        "3. durable write throughput",
        () -> DurableThroughput.run(dir, settings.warmup(), settings.measure(), detail));
  }

  private WatchFanOut.Result fanOut(Path dir, Settings settings) throws InterruptedException {
    return scenarios.run(
        "4. watch fan-out",
        () -> WatchFanOut.run(dir, settings.warmup(), settings.measure(), detail));
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
    List<LatencyScenario.Row> latency = latency(dir, settings);
    List<DurableThroughput.Run> throughput = throughput(dir, settings);
    WatchFanOut.Result fanOut = fanOut(dir, settings);
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
