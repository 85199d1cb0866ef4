package io.knactor.bench.retail;

import io.knactor.bench.report.CpuUsage;
import io.knactor.bench.report.Units;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.examples.retail.RetailApp;
import io.knactor.examples.retail.Revision;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Only the throughput part of the retail benchmark ({@code bin/bench retail --only throughput}):
 * the embedded exchange with synced writes, a few warm-up orders one at a time and a warm-up burst
 * (a fifth as many orders at once), then many orders placed at once; it prints orders per second,
 * the CPU the Cast's thread spent per order, and the commits and object writes per order, and
 * rewrites no page. For comparing builds back to back while working on throughput.
 */
public final class RetailThroughput {
  private RetailThroughput() {}

  /** What one run measured; the per-order figures are of the orders placed at once. */
  public record Result(
      int orders,
      long nanos,
      double castCpuMillisPerOrder,
      double commitsPerOrder,
      double writesPerOrder,
      Map<String, Double> commitsPerOrderByPrincipal,
      CpuUsage usage) {

    /** {@code 500 orders in 4.1 s: 122 orders/s; ...}. */
    public String describe() {
      return Units.format(
              "%d orders in %.1f s: %.0f orders/s; Cast thread %.2f ms CPU/order;"
                  + " %.1f commits and %.1f object writes/order; ",
              orders,
              nanos / 1e9,
              orders / (nanos / 1e9),
              castCpuMillisPerOrder,
              commitsPerOrder,
              writesPerOrder)
          + usage.describe()
          + "\ncommits/order by principal: "
          + commitsPerOrderByPrincipal.entrySet().stream()
              .map(e -> Units.format("%s %.2f", e.getKey(), e.getValue()))
              .collect(Collectors.joining(", "));
    }
  }

  public static Result run(Path dir, int warmup, int orders, Consumer<String> progress)
      throws InterruptedException {
    RetailPass.Completions completions = new RetailPass.Completions();
    TimedExchange probe =
        RetailPass.probe(
            ObjectExchanges.open(ServerConfig.embedded(dir.resolve("objects"))), completions);
    KnactorServer server = RetailPass.server(dir, probe);
    try (RetailApp app = RetailApp.start(server, RetailPass.ADMIN_TOKEN, Revision.T2)) {
      progress.accept("embedded: " + warmup + " warm-up orders");
      for (int i = 0; i < warmup; i++) {
        RetailPass.placeAndAwait(app.storefront(), completions, "w-" + i);
      }
      RetailPass.warmupBurst(app.storefront(), completions, orders, "embedded", progress);
      progress.accept("embedded: " + orders + " orders at once");
      long castCpu = RetailPass.castThreadCpuNanos();
      long commits = probe.commits();
      long writes = probe.writes();
      Map<String, Long> byPrincipal = probe.commitsByPrincipal();
      CpuUsage.Mark mark = CpuUsage.mark();
      long nanos = RetailPass.throughput(app.storefront(), completions, orders);
      CpuUsage usage = CpuUsage.since(mark);
      return new Result(
          orders,
          nanos,
          (RetailPass.castThreadCpuNanos() - castCpu) / 1e6 / orders,
          (probe.commits() - commits) / (double) orders,
          (probe.writes() - writes) / (double) orders,
          perOrder(byPrincipal, probe.commitsByPrincipal(), orders),
          usage);
    }
  }

  static Map<String, Double> perOrder(
      Map<String, Long> before, Map<String, Long> after, int orders) {
    Map<String, Double> perOrder = new TreeMap<>();
    after.forEach(
        (principal, count) ->
            perOrder.put(
                principal, (count - before.getOrDefault(principal, 0L)) / (double) orders));
    return perOrder;
  }
}
