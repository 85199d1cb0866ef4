package io.knactor.bench.retail;

import io.knactor.bench.report.Machine;
import io.knactor.server.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The retail benchmark (issues 3 and 5): the gRPC baseline, then the Knactor retail app on the
 * embedded exchange (in-JVM, with a watcher over HTTP, then many orders at once), again on the
 * embedded exchange without fsync (in-JVM and HTTP only), on Redis, the pushable rules of the
 * retail Cast pushed down into Redis, and on etcd, each a backend server this run starts, all in
 * one run. {@code pushDown} is null when Redis is not installed.
 */
public final class RetailBenchmark {
  /** Everything one run measured; {@code skipped} names the backends not run and why. */
  public record Results(
      Machine machine,
      RetailSettings settings,
      GrpcBaseline.Result grpc,
      List<RetailPass.Result> passes,
      PushDownPass.Result pushDown,
      List<String> skipped) {}

  static final String EMBEDDED = "embedded";

  /** The embedded exchange with {@code syncWrites=false}: commits survive a process crash only. */
  static final String EMBEDDED_UNSYNCED = "embedded-unsynced";

  static final String REDIS = "redis";
  static final String ETCD = "etcd";

  /** T2's pushable rules pushed down into Redis ({@link PushDownPass}). */
  static final String REDIS_PUSH_DOWN = "redis-pushdown";

  private RetailBenchmark() {}

  public static Results run(Path dir, RetailSettings settings, Consumer<String> progress)
      throws Exception {
    Machine machine = Machine.describe();
    progress.accept("gRPC baseline: " + settings.grpcCalls() + " calls of GetQuote and ShipOrder");
    GrpcBaseline.Result grpc = GrpcBaseline.run(settings.grpcWarmup(), settings.grpcCalls());
    List<RetailPass.Result> passes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    PushDownPass.Result pushDown = null;
    passes.add(
        RetailPass.run(
            new RetailPass.Backend(EMBEDDED, null),
            Files.createDirectories(dir.resolve(EMBEDDED)),
            settings.warmupOrders(),
            settings.measuredOrders(),
            true,
            settings.throughputOrders(),
            progress));
    Path unsynced = Files.createDirectories(dir.resolve(EMBEDDED_UNSYNCED));
    passes.add(
        RetailPass.run(
            new RetailPass.Backend(
                EMBEDDED_UNSYNCED,
                URI.create(
                    ServerConfig.embedded(unsynced.resolve("objects")) + "?syncWrites=false")),
            unsynced,
            settings.warmupOrders(),
            settings.measuredOrders(),
            true,
            0,
            progress));
    if (settings.embeddedOnly()) {
      skipped.add(REDIS + ", " + ETCD + ": --only embedded");
    } else {
      pushDown = runServerBackends(dir, settings, progress, passes, skipped);
    }
    return new Results(machine, settings, grpc, passes, pushDown, skipped);
  }

  /**
   * The Redis pass alone, for comparing two builds back to back ({@code --only redis}): its legs
   * and whole orders as a table ({@link RetailReport#passOnly}), or why it did not run.
   */
  public static String runRedis(Path dir, RetailSettings settings, Consumer<String> progress)
      throws Exception {
    if (!BackendProcess.installed("redis-server")) {
      return REDIS + ": redis-server is not installed";
    }
    try (BackendProcess redis = BackendProcess.redis(dir.resolve("redis-server"))) {
      return "\n" + RetailReport.passOnly(pass(REDIS, redis, dir, settings, progress));
    }
  }

  /**
   * The Redis push-down pass alone, for comparing two builds back to back ({@code --only
   * pushdown}): its propagation and Checkout commit, or why it did not run.
   */
  public static String runPushDown(Path dir, RetailSettings settings, Consumer<String> progress)
      throws Exception {
    if (!BackendProcess.installed("redis-server")) {
      return REDIS_PUSH_DOWN + ": redis-server is not installed";
    }
    try (BackendProcess redis = BackendProcess.redis(dir.resolve("redis-server-pushdown"))) {
      return "\n"
          + RetailReport.pushDownOnly(
              PushDownPass.run(
                  redis.uri(),
                  Files.createDirectories(dir.resolve(REDIS_PUSH_DOWN)),
                  settings.warmupOrders(),
                  settings.measuredOrders(),
                  progress));
    }
  }

  /** Runs the Redis, Redis push-down and etcd passes; answers the push-down one (or null). */
  private static PushDownPass.Result runServerBackends(
      Path dir,
      RetailSettings settings,
      Consumer<String> progress,
      List<RetailPass.Result> passes,
      List<String> skipped)
      throws Exception {
    PushDownPass.Result pushDown = null;
    if (BackendProcess.installed("redis-server")) {
      try (BackendProcess redis = BackendProcess.redis(dir.resolve("redis-server"))) {
        passes.add(pass(REDIS, redis, dir, settings, progress));
      }
      try (BackendProcess redis = BackendProcess.redis(dir.resolve("redis-server-pushdown"))) {
        pushDown =
            PushDownPass.run(
                redis.uri(),
                Files.createDirectories(dir.resolve(REDIS_PUSH_DOWN)),
                settings.warmupOrders(),
                settings.measuredOrders(),
                progress);
      }
    } else {
      skipped.add(REDIS + ": redis-server is not installed");
    }
    if (BackendProcess.installed("etcd")) {
      try (BackendProcess etcd = BackendProcess.etcd(dir.resolve("etcd-server"))) {
        passes.add(pass(ETCD, etcd, dir, settings, progress));
      }
    } else {
      skipped.add(ETCD + ": etcd is not installed");
    }
    return pushDown;
  }

  private static RetailPass.Result pass(
      String name,
      BackendProcess server,
      Path dir,
      RetailSettings settings,
      Consumer<String> progress)
      throws Exception {
    return RetailPass.run(
        new RetailPass.Backend(name, server.uri()),
        Files.createDirectories(dir.resolve(name)),
        settings.warmupOrders(),
        settings.measuredOrders(),
        false,
        0,
        progress);
  }
}
