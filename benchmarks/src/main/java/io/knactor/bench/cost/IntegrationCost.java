package io.knactor.bench.cost;

import io.knactor.bench.report.DocSection;
import io.knactor.bench.report.MarkdownTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * The integration cost of the paper's tasks T1-T3 (Table 1) in the Knactor app and in its gRPC
 * baseline, counted from the repository: {@code java -cp benchmarks.jar
 * io.knactor.bench.cost.IntegrationCost [--root DIR] [--doc FILE]} (what {@code
 * bin/integration-cost} runs) rewrites the {@code integration-cost} section of
 * docs/integration-cost.md and prints it.
 */
public final class IntegrationCost {
  /** The name of the document section this writes. */
  public static final String SECTION = "integration-cost";

  private static final List<String> TASKS = List.of("T1", "T2", "T3");

  private final List<TaskCost> grpc = new ArrayList<>();
  private final List<TaskCost> knactor = new ArrayList<>();

  /** Counts every task of both apps in the repository at {@code root}. */
  public static IntegrationCost count(Path root) {
    IntegrationCost cost = new IntegrationCost();
    GrpcAppTasks grpcApp = new GrpcAppTasks(root);
    KnactorAppTasks knactorApp = new KnactorAppTasks(root);
    String before = "T0";
    for (String task : TASKS) {
      cost.grpc.add(grpcApp.cost(before, task));
      cost.knactor.add(knactorApp.cost(before, task));
      before = task;
    }
    return cost;
  }

  public List<TaskCost> grpc() {
    return List.copyOf(grpc);
  }

  public List<TaskCost> knactor() {
    return List.copyOf(knactor);
  }

  /** The section: the summary in the form of the paper's Table 1, then every file counted. */
  public String render() {
    MarkdownTable summary =
        new MarkdownTable(
            "task",
            "operations, gRPC",
            "operations, Knactor",
            "files, gRPC",
            "files, Knactor",
            "lines +/−, gRPC",
            "lines +/−, Knactor",
            "rebuilt, gRPC",
            "rebuilt, Knactor",
            "redeployed, gRPC",
            "redeployed, Knactor");
    for (int i = 0; i < TASKS.size(); i++) {
      TaskCost g = grpc.get(i);
      TaskCost k = knactor.get(i);
      summary.row(
          TASKS.get(i),
          g.operations(),
          k.operations(),
          String.valueOf(g.files().size()),
          String.valueOf(k.files().size()),
          lines(g.lines()),
          lines(k.lines()),
          services(g.rebuilt()),
          services(k.rebuilt()),
          services(g.redeployed()),
          services(k.redeployed()));
    }
    MarkdownTable files =
        new MarkdownTable("task", "app", "file", "kind", "belongs to", "lines +/−");
    for (int i = 0; i < TASKS.size(); i++) {
      addFiles(files, TASKS.get(i), "gRPC", grpc.get(i));
      addFiles(files, TASKS.get(i), "Knactor", knactor.get(i));
    }
    return summary.render() + "\nThe files counted:\n\n" + files.render();
  }

  private static void addFiles(MarkdownTable table, String task, String app, TaskCost cost) {
    for (FileChange file : cost.files()) {
      table.row(
          task,
          app,
          "`" + file.path() + "`",
          file.kind().name().toLowerCase(java.util.Locale.ROOT),
          file.owner(),
          lines(file.diff()));
    }
  }

  private static String lines(LineDiff diff) {
    return "+" + diff.added() + " / −" + diff.removed();
  }

  private static String services(SortedSet<String> services) {
    return services.isEmpty() ? "none" : String.join(", ", services);
  }

  public static void main(String[] args) {
    Path root = Path.of(".");
    Path doc = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(value(args, ++i));
        case "--doc" -> doc = Path.of(value(args, ++i));
        default -> usageError("unexpected argument '" + args[i] + "'");
      }
    }
    if (doc == null) {
      doc = root.resolve("docs").resolve("integration-cost.md");
    }
    String section = count(root).render();
    new DocSection(SECTION).rewrite(doc, section);
    System.out.println(section);
    System.out.println("rewrote the " + SECTION + " section of " + doc.toAbsolutePath());
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usageError(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usageError(String message) {
    System.err.println("integration-cost: " + message);
    System.err.println(
        "usage: bin/integration-cost [--root DIR] [--doc FILE]\n"
            + "  --root  the repository (default: the current directory)\n"
            + "  --doc   the page whose 'integration-cost' section is rewritten (default:"
            + " docs/integration-cost.md under the root)");
    System.exit(2);
  }
}
