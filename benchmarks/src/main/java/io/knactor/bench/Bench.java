package io.knactor.bench;

import io.knactor.bench.foundation.FoundationBenchmark;
import io.knactor.bench.foundation.FoundationReport;
import io.knactor.bench.foundation.Settings;
import io.knactor.bench.report.DocSection;
import io.knactor.bench.retail.RetailBenchmark;
import io.knactor.bench.retail.RetailReport;
import io.knactor.bench.retail.RetailSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmark runner: {@code java -jar benchmarks.jar foundation|retail [--quick] [--data-dir
 * DIR] [--doc FILE]}. Runs the named benchmark, prints progress, and rewrites that benchmark's
 * section of the results page (docs/benchmarks.md by default). Exits 0 when the run completed
 * (targets may still be missed: the page says which), 1 when a correctness check failed, 2 on a
 * usage error.
 */
public final class Bench {
  private static final String USAGE =
      "usage: java -jar benchmarks.jar foundation|retail [--quick] [--data-dir DIR] [--doc FILE]\n"
          + "  --quick     a short smoke run; its numbers are not worth publishing\n"
          + "  --data-dir  the directory on the disk to measure; the run's exchanges and fdatasync"
          + " probe live in a fresh subdirectory, deleted afterwards (default: java.io.tmpdir)\n"
          + "  --doc       the page whose section of the benchmark is rewritten (default:"
          + " docs/benchmarks.md)";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.full();
    boolean quick = false;
    Path dataDir = null;
    Path doc = Path.of("docs", "benchmarks.md");
    String benchmark = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          settings = Settings.quick();
          quick = true;
        }
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
    if (!"foundation".equals(benchmark) && !"retail".equals(benchmark)) {
      usageError(
          benchmark == null
              ? "name the benchmark to run"
              : "unknown benchmark '" + benchmark + "' (available: foundation, retail)");
    }
    Path parent =
        dataDir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : Files.createDirectories(dataDir);
    Path dir = Files.createTempDirectory(parent, "knactor-bench-");
    if ("retail".equals(benchmark)) {
      retail(dir, quick ? RetailSettings.quick() : RetailSettings.full(), doc);
      return;
    }
    FoundationReport report;
    try {
      report = new FoundationReport(FoundationBenchmark.run(dir, settings, System.out::println));
    } finally {
      deleteTree(dir);
    }
    String section = report.render();
    new DocSection("foundation").rewrite(doc, section);
    System.out.println();
    System.out.println(section);
    System.out.println("rewrote the foundation section of " + doc.toAbsolutePath());
    if (report.correctnessFailed()) {
      System.err.println("a correctness check failed: see the fan-out section above");
      System.exit(1);
    }
  }

  private static void retail(Path dir, RetailSettings settings, Path doc) throws Exception {
    String section = null;
    String failure = null;
    try {
      section = new RetailReport(RetailBenchmark.run(dir, settings, System.out::println)).render();
    } catch (IllegalStateException e) {
      failure = e.getMessage();
    } finally {
      deleteTree(dir);
    }
    if (failure != null) {
      System.err.println("a correctness check failed: " + failure);
      System.exit(1);
    }
    new DocSection("retail").rewrite(doc, section);
    System.out.println();
    System.out.println(section);
    System.out.println("rewrote the retail section of " + doc.toAbsolutePath());
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
