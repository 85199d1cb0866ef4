package io.knactor.bench;

import io.knactor.bench.foundation.FoundationBenchmark;
import io.knactor.bench.foundation.FoundationReport;
import io.knactor.bench.foundation.Settings;
import io.knactor.bench.report.DocSection;
import io.knactor.bench.retail.RetailBenchmark;
import io.knactor.bench.retail.RetailReport;
import io.knactor.bench.retail.RetailSettings;
import io.knactor.bench.retail.RetailThroughput;
import io.knactor.bench.sync.LiveMoves;
import io.knactor.bench.sync.SyncBenchmark;
import io.knactor.bench.sync.SyncReport;
import io.knactor.bench.sync.SyncSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark runner: {@code java -jar benchmarks.jar foundation|sync|retail [--quick] [--only
 * SCENARIO] [--data-dir DIR] [--doc FILE]}. Runs the named benchmark, prints progress, and rewrites
 * that benchmark's section of the results page (docs/benchmarks.md by default). Exits 0 when the
 * run completed (targets may still be missed: the page says which), 1 when a correctness check
 * failed, 2 on a usage error.
 */
public final class Bench {
  private static final String USAGE =
      "usage: java -jar benchmarks.jar foundation|sync|retail [--quick] [--only SCENARIO]"
          + " [--data-dir DIR] [--doc FILE]\n"
          + "  foundation  the storage and watch layer\n"
          + "  sync        the Sync engine against Kafka Streams\n"
          + "  retail      the online-retail app's propagation against gRPC, per backend\n"
          + "  --quick     a short smoke run; its numbers are not worth publishing\n"
          + "  --only      run just one scenario, print its numbers and leave the page alone, for"
          + " comparing changes back to back: foundation: latency, throughput or fanout; sync:"
          + " filter-rename, aggregate, consolidation or moves (partition moves in a running Sync);"
          + " retail: embedded (the gRPC baseline and"
          + " the embedded passes, without the throughput run, Redis and etcd) or throughput"
          + " (orders at once on the embedded exchange: orders/s, the Cast thread's CPU and"
          + " commits per order) or redis (the Redis pass alone: its propagation legs, the Cast"
          + " thread's CPU and commits per order) or pushdown (the Redis push-down pass alone:"
          + " propagation and the Checkout commit)\n"
          + "  --data-dir  the directory on the disk to measure; the run's exchanges and fdatasync"
          + " probe live in a fresh subdirectory, deleted afterwards (default: java.io.tmpdir)\n"
          + "  --doc       the page whose section of the benchmark is rewritten (default:"
          + " docs/benchmarks.md)";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    String only = null;
    Path dataDir = null;
    Path doc = Path.of("docs", "benchmarks.md");
    String benchmark = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> only = value(args, ++i);
        case "--data-dir" -> dataDir = Path.of(value(args, ++i));
        case "--doc" -> doc = Path.of(value(args, ++i));
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> {
          if (benchmark != null || args[i].startsWith("-")) {
            usageError("unexpected argument '" + args[i] + "'");
          }
          benchmark = args[i];
        }
      }
    }
    if (!List.of("foundation", "sync", "retail").contains(benchmark)) {
      usageError(
          benchmark == null
              ? "name the benchmark to run"
              : "unknown benchmark '" + benchmark + "' (available: foundation, sync, retail)");
    }
    List<String> scenarios =
        switch (benchmark) {
          case "foundation" -> FoundationBenchmark.PARTS;
          case "sync" -> List.of("filter-rename", "aggregate", "consolidation", "moves");
          case "retail" -> List.of("embedded", "throughput", "redis", "pushdown");
          default -> List.of();
        };
    if (only != null && !scenarios.contains(only)) {
      usageError(
          "unknown scenario '"
              + only
              + "' of the "
              + benchmark
              + " benchmark (available: "
              + String.join(", ", scenarios)
              + ")");
    }
    Path parent =
        dataDir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : Files.createDirectories(dataDir);
    Path dir = Files.createTempDirectory(parent, "knactor-bench-");
    String section;
    boolean failed;
    try {
      if (only != null && benchmark.equals("foundation")) {
        FoundationBenchmark.runOnly(
            dir, quick ? Settings.quick() : Settings.full(), only, System.out::println);
        return;
      }
      if ("throughput".equals(only) && benchmark.equals("retail")) {
        RetailSettings settings = quick ? RetailSettings.quick() : RetailSettings.full();
        System.out.println(
            RetailThroughput.run(
                    dir, settings.warmupOrders(), settings.throughputOrders(), System.out::println)
                .describe());
        return;
      }
      if ("redis".equals(only) && benchmark.equals("retail")) {
        System.out.println(
            RetailBenchmark.runRedis(
                dir, quick ? RetailSettings.quick() : RetailSettings.full(), System.out::println));
        return;
      }
      if ("pushdown".equals(only) && benchmark.equals("retail")) {
        System.out.println(
            RetailBenchmark.runPushDown(
                dir, quick ? RetailSettings.quick() : RetailSettings.full(), System.out::println));
        return;
      }
      if (benchmark.equals("retail")) {
        section = retailSection(dir, quick, only != null);
        failed = section == null;
        if (only != null && section != null) {
          System.out.println();
          System.out.println(section);
        }
      } else if (only != null && !only.equals("moves")) {
        SyncBenchmark.runOne(
            dir, quick ? SyncSettings.quick() : SyncSettings.full(), System.out::println, only);
        return;
      } else if (only != null) {
        SyncSettings settings = quick ? SyncSettings.quick() : SyncSettings.full();
        List<LiveMoves> runs = SyncBenchmark.runMoves(dir, settings, System.out::println);
        System.out.println();
        System.out.println(SyncReport.movesOnly(runs.get(0), runs.get(1)));
        section = null;
        failed = SyncReport.movesFailed(runs.get(0), runs.get(1));
      } else if (benchmark.equals("sync")) {
        SyncReport report =
            new SyncReport(
                SyncBenchmark.run(
                    dir, quick ? SyncSettings.quick() : SyncSettings.full(), System.out::println));
        section = report.render();
        failed = report.correctnessFailed();
      } else {
        FoundationReport report =
            new FoundationReport(
                FoundationBenchmark.run(
                    dir, quick ? Settings.quick() : Settings.full(), System.out::println));
        section = report.render();
        failed = report.correctnessFailed();
      }
    } finally {
      deleteTree(dir);
    }
    if (only != null) {
      if (failed) {
        System.err.println("a correctness check failed: see the tables above");
        System.exit(1);
      }
      return;
    }
    if (section == null) {
      System.exit(1);
    }
    new DocSection(benchmark).rewrite(doc, section);
    System.out.println();
    System.out.println(section);
    System.out.println("rewrote the " + benchmark + " section of " + doc.toAbsolutePath());
    if (failed) {
      System.err.println("a correctness check failed: see the section above");
      System.exit(1);
    }
  }

  /** The retail section, or null (with the reason printed) when a correctness check failed. */
  private static String retailSection(Path dir, boolean quick, boolean embeddedOnly)
      throws Exception {
    RetailSettings settings = quick ? RetailSettings.quick() : RetailSettings.full();
    if (embeddedOnly) {
      settings = settings.onlyEmbedded();
    }
    try {
      return new RetailReport(RetailBenchmark.run(dir, settings, System.out::println)).render();
    } catch (IllegalStateException e) {
      System.err.println("a correctness check failed: " + e.getMessage());
      return null;
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usageError(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usageError(String message) {
    System.err.println("bench: " + message);
    System.err.println(USAGE);
    System.exit(2);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the benchmark data in " + dir + ": " + e.getMessage(), e);
    }
  }
}
