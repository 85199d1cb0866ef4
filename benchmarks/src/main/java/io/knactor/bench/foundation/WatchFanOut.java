package io.knactor.bench.foundation;

import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scenario 4: watch fan-out. {@link #WRITERS} writers with synced writes run on two fresh
 * exchanges: one with no watcher, one with {@link #WATCHERS} in-JVM watchers on the store, each
 * polling on its own thread, plus one stalled watcher that never polls and has a small queue. On
 * each exchange the writers run twice: paced at a fixed rate (the same offered load with and
 * without watchers, so the commit latencies compare like for like) and then in a closed loop (as
 * fast as they can, which shows what the watchers cost in throughput). Afterwards every watcher
 * must have received every event of both loads in order, and the stalled one must have been cut off
 * with a WatchOverflowException instead of holding anyone back.
 */
final class WatchFanOut {
  static final int WATCHERS = 1_000;
  static final int WRITERS = 8;
  static final int STALLED_QUEUE = 64;

  /** Each writer commits every 40 ms: 200 writes/s in all, 200,000 event deliveries/s. */
  static final Duration PACE = Duration.ofMillis(40);

  private static final Duration CATCH_UP = Duration.ofSeconds(120);

  /** The same load on an exchange without and with the watchers. */
  record Comparison(WriterLoad.Result without, WriterLoad.Result with) {
    /** How much higher the commit p99 was with the watchers, as a fraction (0.1 = 10%). */
    double p99Rise() {
      return (double) with.latencies().percentile(99) / without.latencies().percentile(99) - 1;
    }
  }

  /**
   * @param events the changes the watchers had to deliver (both loads, warm-ups included)
   * @param complete watchers that received every event, in order, exactly once
   * @param problems what went wrong for the others (the first few, for the report)
   * @param stalledCutOff the stalled watcher's WatchOverflowException message, or null when it was
   *     not cut off
   */
  record Result(
      Comparison paced,
      Comparison closedLoop,
      long events,
      int complete,
      List<String> problems,
      String stalledCutOff) {}

  private WatchFanOut() {}

  static Result run(Path dir, Duration warmup, Duration measure, Consumer<String> progress)
      throws InterruptedException {
    WriterLoad.Result pacedWithout;
    WriterLoad.Result closedWithout;
    try (EmbeddedObjectExchange exchange = open(dir.resolve("fanout-without"))) {
      pacedWithout = load(exchange, PACE, warmup, measure, "no watchers, paced", progress);
      closedWithout =
          load(exchange, Duration.ZERO, warmup, measure, "no watchers, closed loop", progress);
    }
    try (EmbeddedObjectExchange exchange = open(dir.resolve("fanout-with"))) {
      long from = exchange.currentVersion();
      WatchRequest request = WatchRequest.of(BenchStore.STORE, BenchStore.KIND, from);
      List<CountingWatcher> watchers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < WATCHERS; i++) {
        CountingWatcher watcher = new CountingWatcher(exchange.watch(request), from);
        Thread thread = new Thread(null, watcher, "bench-fanout-watcher-" + i, 256 * 1024);
        thread.setDaemon(true);
        watchers.add(watcher);
        threads.add(thread);
      }
      threads.forEach(Thread::start);
      Watch stalled = exchange.watch(request.withQueueCapacity(STALLED_QUEUE));
      WriterLoad.Result pacedWith =
          load(exchange, PACE, warmup, measure, WATCHERS + " watchers, paced", progress);
      WriterLoad.Result closedWith =
          load(
              exchange,
              Duration.ZERO,
              warmup,
              measure,
              WATCHERS + " watchers, closed loop",
              progress);
      long last = exchange.currentVersion();
      progress.accept("waiting for the watchers to receive all " + (last - from) + " events");
      awaitCatchUp(watchers, last);
      watchers.forEach(CountingWatcher::stop);
      for (Thread thread : threads) {
        thread.join();
      }
      int complete = 0;
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < watchers.size(); i++) {
        String problem = watchers.get(i).check(last);
        if (problem == null) {
          complete++;
        } else if (problems.size() < 5) {
          problems.add("watcher " + i + ": " + problem);
        }
      }
      progress.accept(complete + " of " + WATCHERS + " watchers received every event");
      return new Result(
          new Comparison(pacedWithout, pacedWith),
          new Comparison(closedWithout, closedWith),
          last - from,
          complete,
          problems,
          cutOff(stalled));
    }
  }

  private static WriterLoad.Result load(
      ObjectExchange exchange,
      Duration interval,
      Duration warmup,
      Duration measure,
      String name,
      Consumer<String> progress)
      throws InterruptedException {
    WriterLoad.Result result = WriterLoad.run(exchange, WRITERS, interval, warmup, measure);
    progress.accept(
        String.format(
            java.util.Locale.ROOT,
            "%s: %,.0f writes/s, commit p50 %.2f ms, p99 %.2f ms",
            name,
            result.perSecond(),
            result.latencies().percentile(50) / 1e6,
            result.latencies().percentile(99) / 1e6));
    return result;
  }

  private static EmbeddedObjectExchange open(Path dir) {
    return EmbeddedObjectExchange.open(dir, EmbeddedOptions.defaults().withSyncWrites(true));
  }

  private static void awaitCatchUp(List<CountingWatcher> watchers, long last)
      throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    for (CountingWatcher watcher : watchers) {
      while (!watcher.reached(last) && System.nanoTime() < deadline) {
        WriterLoad.pause(Duration.ofMillis(10));
      }
    }
  }

  /** The stalled watcher's first poll: it must throw, its queue having overflowed long ago. */
  private static String cutOff(Watch stalled) throws InterruptedException {
    try (stalled) {
      stalled.poll(Duration.ZERO);
      return null;
    } catch (WatchOverflowException e) {
      return e.getMessage();
    }
  }
}
