package io.knactor.bench.foundation;

import io.knactor.bench.report.Samples;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@link NotificationLatency} over every {@link LatencyPath}, first with {@code
 * syncWrites=false} (the notification path itself) then with synced writes (durable, where the WAL
 * fsync dominates). Each mode gets a fresh embedded exchange served by a {@link KnactorServer} on
 * 127.0.0.1 and a free port, in this JVM. Before the first measurement every path runs unmeasured
 * for {@link Settings#jitWarmup()}: until the JIT has compiled the whole path (several seconds on 2
 * cores), the first path measured would otherwise look twice as slow as the others.
 */
final class LatencyScenario {
  private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
  private static final String TOKEN = "bench-knactor-token-0123456789";

  /** The latencies of one path in one mode. */
  record Row(LatencyPath path, boolean synced, Samples samples) {}

  private LatencyScenario() {}

  static List<Row> run(Path dir, Settings settings, Consumer<String> progress)
      throws InterruptedException {
    List<Row> rows = new ArrayList<>();
    for (boolean synced : new boolean[] {false, true}) {
      Path data = dir.resolve(synced ? "latency-synced" : "latency-unsynced");
      EmbeddedObjectExchange exchange =
          EmbeddedObjectExchange.open(
              data.resolve("objects"), EmbeddedOptions.defaults().withSyncWrites(synced));
      try (KnactorServer server =
          KnactorServer.start(
              ServerConfig.builder().dataDir(data).port(0).adminToken(ADMIN_TOKEN).build(),
              exchange)) {
        server.admin().apply(BenchStore.registryYaml(TOKEN));
        if (!synced) {
          progress.accept(
              "warming up the JIT on every path, " + settings.jitWarmup().toSeconds() + " s each");
          for (LatencyPath path : LatencyPath.values()) {
            measure(path, server, exchange, settings.jitWarmup(), 1);
          }
        }
        for (LatencyPath path : LatencyPath.values()) {
          NotificationLatency.Result result =
              measure(path, server, exchange, settings.latencyWarmup(), settings.latencySamples());
          Samples samples = result.latencies();
          rows.add(new Row(path, synced, samples));
          progress.accept(
              String.format(
                  java.util.Locale.ROOT,
                  "%s, %s: p50 %.1f µs, p99 %.1f µs, %s context switches per write",
                  path.label,
                  synced ? "synced" : "unsynced",
                  samples.percentile(50) / 1e3,
                  samples.percentile(99) / 1e3,
                  result.switchesPerWrite().isPresent()
                      ? String.format(
                          java.util.Locale.ROOT, "%.2f", result.switchesPerWrite().getAsDouble())
                      : "unknown"));
        }
      }
    }
    return rows;
  }

  private static NotificationLatency.Result measure(
      LatencyPath path,
      KnactorServer server,
      EmbeddedObjectExchange exchange,
      Duration warmup,
      int samples)
      throws InterruptedException {
    ObjectExchange writer = connect(path, server, exchange);
    ObjectExchange watcher = connect(path, server, exchange);
    try {
      return NotificationLatency.measure(writer, watcher, warmup, samples);
    } finally {
      if (path != LatencyPath.IN_JVM) {
        writer.close();
        watcher.close();
      }
    }
  }

  /**
   * A connection of {@code path}; the embedded exchange itself for IN_JVM (the server closes it).
   */
  private static ObjectExchange connect(
      LatencyPath path, KnactorServer server, EmbeddedObjectExchange exchange) {
    return switch (path) {
      case IN_JVM -> exchange;
      case IN_JVM_SERVER -> server.connect(TOKEN);
      case HTTP -> new HttpObjectExchange(server.uri(), TOKEN);
    };
  }
}
