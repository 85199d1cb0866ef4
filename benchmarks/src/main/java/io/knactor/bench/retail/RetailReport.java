package io.knactor.bench.retail;

import io.knactor.bench.report.MarkdownTable;
import io.knactor.bench.report.Samples;
import io.knactor.bench.report.Units;
import java.util.List;
import java.util.function.ToLongFunction;

/** The retail benchmark's section of docs/benchmarks.md: the paper's Table 2, and the targets. */
public final class RetailReport {
  /** The embedded throughput target: 10,000 orders in under 10 s. */
  static final int TARGET_ORDERS = 10_000;

  static final double TARGET_SECONDS = 10;

  /** Redis propagation p50 target, and the push-down's. */
  static final long REDIS_TARGET_NANOS = 1_500_000;

  static final long PUSH_DOWN_TARGET_NANOS = 500_000;

  private final RetailBenchmark.Results results;

  public RetailReport(RetailBenchmark.Results results) {
    this.results = results;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    var machine = results.machine();
    var settings = results.settings();
    out.append(
        Units.format(
            "**Machine:** %d cores, %s, %s. **Run:** %s; load average %.2f at the start.%s\n\n",
            machine.cores(),
            machine.jdk(),
            machine.os(),
            machine.date(),
            machine.loadAverage(),
            settings.publishable()
                ? ""
                : " **A `--quick` or `--only embedded` run: its numbers are not worth"
                    + " publishing.**"));
    out.append(
        Units.format(
            "Propagation Checkout → Shipping of %d orders per setup placed one at a time (after"
                + " %d warm-up orders), p50 with p99 in parentheses; gRPC: %d calls of each"
                + " method. Ratios are propagation p50 over the gRPC GetQuote p50 of this run.\n\n",
            settings.measuredOrders(), settings.warmupOrders(), settings.grpcCalls()));
    out.append(table());
    out.append(pushDownNote());
    out.append(
        "\nOrders whose Checkout version the Cast read before its watch delivered it (their");
    out.append(" integrator leg counts as 0: see \"Retail: what is measured\"): ");
    out.append(
        String.join(
            ", ",
            results.passes().stream()
                .map(
                    p ->
                        p.backend()
                            + " "
                            + p.breakdowns().stream().filter(Breakdown::readAhead).count()
                            + " of "
                            + p.breakdowns().size())
                .toList()));
    out.append(".\n\n");
    out.append(wholeOrders());
    out.append("\n");
    out.append(throughput());
    out.append("\n**Load during the run** (CPU used over each setup's whole pass):\n\n");
    for (RetailPass.Result pass : results.passes()) {
      out.append("- ").append(pass.backend()).append(": ").append(pass.usage().describe());
      out.append("\n");
    }
    for (String skipped : results.skipped()) {
      out.append("- not run: ").append(skipped).append("\n");
    }
    return out.toString();
  }

  private String table() {
    Samples quote = results.grpc().getQuote();
    Samples ship = results.grpc().shipOrder();
    long grpc = quote.percentile(50);
    MarkdownTable table =
        new MarkdownTable("setup", "C-I", "I", "I-S", "Prop", "vs gRPC unary", "target", "result");
    table.row("gRPC unary GetQuote, loopback", "-", "-", "-", both(quote), "1.0x", "baseline", "");
    table.row(
        "gRPC unary ShipOrder, loopback",
        "-",
        "-",
        "-",
        both(ship),
        Units.ratio(ship.percentile(50) / (double) grpc),
        "",
        "");
    for (RetailPass.Result pass : results.passes()) {
      if (pass.backend().equals(RetailBenchmark.EMBEDDED)) {
        row(table, "Knactor embedded, in-JVM", pass.breakdowns(), grpc, 0.5);
        row(table, "Knactor embedded, Shipping over HTTP", pass.httpBreakdowns(), grpc, 1.0);
      } else if (pass.backend().equals(RetailBenchmark.EMBEDDED_UNSYNCED)) {
        // Shown beside the verdicts, not instead of them: synced writes are the default.
        row(table, "Knactor embedded unsynced, in-JVM", pass.breakdowns(), grpc, 0.5, false);
        row(
            table,
            "Knactor embedded unsynced, Shipping over HTTP",
            pass.httpBreakdowns(),
            grpc,
            1.0,
            false);
      } else if (pass.backend().equals(RetailBenchmark.REDIS)) {
        rowAbsolute(table, "Knactor Redis, in-JVM", pass.breakdowns(), grpc, REDIS_TARGET_NANOS);
        table.row(pushDownRow(grpc));
      } else {
        table.row(
            propagationRow(
                "Knactor " + pass.backend() + ", in-JVM",
                pass.breakdowns(),
                grpc,
                "none (paper's K-apiserver: 33.1 ms)",
                ""));
      }
    }
    return table.render();
  }

  /**
   * The push-down row: judged on the pushable rules of the retail Cast only, which the label says;
   * the paragraph under the table says which rules and why the others are not pushed.
   */
  private String[] pushDownRow(long grpc) {
    PushDownPass.Result pushDown = results.pushDown();
    String setup = "Knactor Redis push-down, in-JVM (T2's pushable rules only)";
    String target = "p50 < " + Units.micros(PUSH_DOWN_TARGET_NANOS);
    if (pushDown == null) {
      return new String[] {setup, "-", "-", "-", "not run", "-", target, "not run"};
    }
    Samples total = pushDown.propagation();
    boolean met = total.percentile(50) < PUSH_DOWN_TARGET_NANOS;
    return new String[] {
      setup,
      "-",
      "in the commit",
      "-",
      both(total),
      Units.ratio(total.percentile(50) / (double) grpc),
      target,
      (met ? "PASS" : "MISS") + " (the pushable part, not the retail Cast)"
    };
  }

  private String pushDownNote() {
    PushDownPass.Result pushDown = results.pushDown();
    if (pushDown == null) {
      return "";
    }
    return "\n**Push-down.** The retail Cast (T2) is not pushed down as a whole; its translation says: "
        + pushDown.refused()
        + ". The push-down row installs the plan of the rules that are pushable ("
        + String.join(", ", pushDown.pushed())
        + ") on a fresh Redis, writes priced orders as Checkout and times them until a watch of"
        + " the Shipping store (as Shipping's informer) receives the Shipment that the commit"
        + " derived; the Checkout commit alone (with the pushed-down evaluation and writes): "
        + both(pushDown.commit())
        + ".\n";
  }

  private static void row(
      MarkdownTable table, String setup, List<Breakdown> breakdowns, long grpc, double target) {
    row(table, setup, breakdowns, grpc, target, true);
  }

  /** A row against its ratio target; one not {@code judged} says only how it compares. */
  private static void row(
      MarkdownTable table,
      String setup,
      List<Breakdown> breakdowns,
      long grpc,
      double target,
      boolean judged) {
    boolean met = leg(breakdowns, Breakdown::total).percentile(50) / (double) grpc <= target;
    String goal = "p50 ≤ " + Units.format("%.1fx", target) + " gRPC unary";
    table.row(
        propagationRow(
            setup,
            breakdowns,
            grpc,
            judged ? goal : "(" + goal + ")",
            judged ? (met ? "PASS" : "MISS") : "not judged (" + (met ? "within" : "above") + ")"));
  }

  private static void rowAbsolute(
      MarkdownTable table, String setup, List<Breakdown> breakdowns, long grpc, long target) {
    boolean met = leg(breakdowns, Breakdown::total).percentile(50) < target;
    table.row(
        propagationRow(
            setup, breakdowns, grpc, "p50 < " + Units.micros(target), met ? "PASS" : "MISS"));
  }

  /** The cells of one setup's row: its legs, its total, its ratio to gRPC, target and result. */
  private static String[] propagationRow(
      String setup, List<Breakdown> breakdowns, long grpc, String target, String result) {
    Samples total = leg(breakdowns, Breakdown::total);
    return new String[] {
      setup,
      both(leg(breakdowns, Breakdown::checkoutToIntegrator)),
      both(leg(breakdowns, Breakdown::integrator)),
      both(leg(breakdowns, Breakdown::integratorToShipping)),
      both(total),
      Units.ratio(total.percentile(50) / (double) grpc),
      target,
      result
    };
  }

  private String wholeOrders() {
    MarkdownTable table = new MarkdownTable("setup", "order placed → completed (p50 (p99))");
    for (RetailPass.Result pass : results.passes()) {
      table.row(pass.backend(), both(pass.orderLatency()));
    }
    return "Whole orders, one at a time, from the storefront's first write (the cart) to the commit"
        + " that completes the order (payment, shipment, tracking id, email on the way):\n\n"
        + table.render();
  }

  private String throughput() {
    for (RetailPass.Result pass : results.passes()) {
      if (pass.throughputOrders() > 0) {
        double seconds = pass.throughputNanos() / 1e9;
        boolean full = pass.throughputOrders() >= TARGET_ORDERS;
        String verdict =
            !full
                ? "not judged: fewer orders than the target's " + Units.count(TARGET_ORDERS)
                : seconds < TARGET_SECONDS ? "PASS" : "MISS";
        RetailPass.Burst warmup = pass.warmupBurst();
        return Units.format(
            "**Throughput, embedded:** %s orders placed at once (4 placing threads), after a"
                + " warm-up burst of %s (%s orders/s), all completed in %.2f s, %s orders/s;"
                + " target %s orders in under %.0f s: %s.\n",
            Units.count(pass.throughputOrders()),
            Units.count(warmup.orders()),
            Units.count(warmup.perSecond()),
            seconds,
            Units.count(pass.throughputOrders() / seconds),
            Units.count(TARGET_ORDERS),
            TARGET_SECONDS,
            verdict);
      }
    }
    return "";
  }

  /** One pass's propagation legs and whole orders, p50 (p99): what {@code --only redis} prints. */
  static String passOnly(RetailPass.Result pass) {
    MarkdownTable table =
        new MarkdownTable(
            "backend",
            "checkout → integrator",
            "integrator",
            "integrator → shipping",
            "propagation",
            "whole order");
    List<Breakdown> breakdowns = pass.breakdowns();
    table.row(
        pass.backend(),
        both(leg(breakdowns, Breakdown::checkoutToIntegrator)),
        both(leg(breakdowns, Breakdown::integrator)),
        both(leg(breakdowns, Breakdown::integratorToShipping)),
        both(leg(breakdowns, Breakdown::total)),
        both(pass.orderLatency()));
    return table.render() + "\nCPU over the pass: " + pass.usage().describe() + "\n";
  }

  /** The push-down pass alone: propagation and the Checkout commit, p50 (p99). */
  static String pushDownOnly(PushDownPass.Result pushDown) {
    MarkdownTable table = new MarkdownTable("backend", "propagation", "checkout commit");
    table.row(
        RetailBenchmark.REDIS_PUSH_DOWN, both(pushDown.propagation()), both(pushDown.commit()));
    return table.render();
  }

  static Samples leg(List<Breakdown> breakdowns, ToLongFunction<Breakdown> part) {
    Samples samples = new Samples();
    breakdowns.forEach(b -> samples.add(part.applyAsLong(b)));
    return samples;
  }

  private static String both(Samples samples) {
    return Units.micros(samples.percentile(50)) + " (" + Units.micros(samples.percentile(99)) + ")";
  }
}
