package io.knactor.bench.retail;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.bench.report.CpuUsage;
import io.knactor.bench.report.Machine;
import io.knactor.bench.report.Samples;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetailReportTest {
  private static final Machine MACHINE =
      new Machine(2, "OpenJDK 17", "Linux", "2026-11-23 12:00 UTC", 0.5);
  private static final CpuUsage USAGE = new CpuUsage(10, 0.9, Optional.of(0.1));

  @Test
  void judgesEachSetupAgainstItsTargetAndLabelsPushDownAsThePushablePartOnly() {
    GrpcBaseline.Result grpc = new GrpcBaseline.Result(samples(1_000_000), samples(1_200_000));
    RetailPass.Result embedded =
        pass(RetailBenchmark.EMBEDDED, new Breakdown(100_000, 100_000, 200_000, false), 10_000);
    RetailPass.Result unsynced =
        pass(RetailBenchmark.EMBEDDED_UNSYNCED, new Breakdown(50_000, 50_000, 50_000, false), 0);
    RetailPass.Result redis =
        pass(RetailBenchmark.REDIS, new Breakdown(1_000_000, 0, 1_000_000, true), 0);

    String page =
        new RetailReport(
                new RetailBenchmark.Results(
                    MACHINE,
                    RetailSettings.full(),
                    grpc,
                    List.of(embedded, unsynced, redis),
                    new PushDownPass.Result(
                        List.of("S.shipment.addr", "S.shipment.method"),
                        "2 rule(s) pushable, 1 not: S.shipment.items: uses a macro",
                        samples(400_000),
                        samples(300_000)),
                    List.of("etcd: etcd is not installed")))
            .render();

    assertThat(page)
        .contains(
            "| Knactor embedded, in-JVM | 100 µs (100 µs) | 100 µs (100 µs) | 200 µs (200 µs)"
                + " | 400 µs (400 µs) | 0.4x | p50 ≤ 0.5x gRPC unary | PASS |")
        .contains(
            "| Knactor embedded unsynced, in-JVM | 50.0 µs (50.0 µs) | 50.0 µs (50.0 µs) | 50.0 µs"
                + " (50.0 µs) | 150 µs (150 µs) | 0.2x | (p50 ≤ 0.5x gRPC unary) | not judged"
                + " (within) |")
        .contains("| Knactor Redis, in-JVM |")
        .contains("| 2.00 ms (2.00 ms) | 2.0x | p50 < 1.50 ms | MISS |")
        .contains(
            "| Knactor Redis push-down, in-JVM (T2's pushable rules only) | - | in the commit | -"
                + " | 400 µs (400 µs) | 0.4x | p50 < 500 µs | PASS (the pushable part, not the"
                + " retail Cast) |")
        .contains("its translation says: 2 rule(s) pushable, 1 not: S.shipment.items")
        .contains("(S.shipment.addr, S.shipment.method)")
        .contains("redis 1 of 1")
        .contains(
            "10,000 orders placed at once (4 placing threads), after a warm-up burst of 2,000"
                + " (1,000 orders/s), all completed in 5.00 s")
        .contains(": PASS.")
        .contains("- not run: etcd: etcd is not installed");
  }

  private static RetailPass.Result pass(String backend, Breakdown breakdown, int orders) {
    return new RetailPass.Result(
        backend,
        List.of(breakdown),
        samples(breakdown.integratorToShipping()),
        List.of(breakdown),
        samples(30_000_000),
        orders,
        orders == 0 ? 0 : 5_000_000_000L,
        orders == 0 ? null : new RetailPass.Burst(orders / 5, 2_000_000_000L),
        USAGE);
  }

  private static Samples samples(long nanos) {
    Samples samples = new Samples();
    samples.add(nanos);
    return samples;
  }
}
