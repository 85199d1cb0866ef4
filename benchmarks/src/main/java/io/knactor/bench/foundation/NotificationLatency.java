package io.knactor.bench.foundation;

import io.knactor.bench.report.ContextSwitches;
import io.knactor.bench.report.Samples;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 2: write-to-watch-notification latency. One writer commits an upsert stamped with {@link
 * System#nanoTime} taken just before the commit call; a watcher thread polls a watch on the store
 * and records, on receipt, the time since the stamp. One write is in flight at a time (the writer
 * waits for the watcher's receipt before the next), so no sample includes queueing behind an
 * earlier write. Writes during the warm-up (until the JIT has compiled the path) are not recorded.
 *
 * <p>Writer and watcher use separate connections, as a knactor and the integrator watching it
 * would. Over the measured writes it also counts the JVM's voluntary context switches per write:
 * each is a thread that parked and had to be woken, so it counts the thread hand-offs on the path
 * (the writer's own wait for the watcher's receipt included).
 */
final class NotificationLatency {
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Samples latencies = new Samples();
  private final Semaphore received = new Semaphore(0);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean measuring;
  private volatile boolean done;

  /** The measured latencies, and the voluntary context switches per measured write. */
  record Result(Samples latencies, OptionalDouble switchesPerWrite) {}

  private NotificationLatency() {}

  static Result measure(ObjectExchange writer, ObjectExchange watcher, Duration warmup, int samples)
      throws InterruptedException {
    return new NotificationLatency().run(writer, watcher, warmup, samples);
  }

  private Result run(ObjectExchange writer, ObjectExchange watcher, Duration warmup, int samples)
      throws InterruptedException {
    Watch watch =
        watcher.watch(WatchRequest.of(BenchStore.STORE, BenchStore.KIND, writer.currentVersion()));
    Thread polling = new Thread(() -> receive(watch), "bench-watcher");
    polling.setDaemon(true);
    polling.start();
    try {
      long warmupEnd = System.nanoTime() + warmup.toNanos();
      int measured = 0;
      Optional<ContextSwitches> switchesBefore = Optional.empty();
      for (long seq = 0; measured < samples && failure.get() == null; seq++) {
        if (!measuring && System.nanoTime() - warmupEnd >= 0) {
          switchesBefore = ContextSwitches.now();
          measuring = true;
        }
        if (measuring) {
          measured++;
        }
        long sent = System.nanoTime();
        writer.commit(
            BenchStore.PRINCIPAL, BenchStore.upsert("latency-" + seq % 100, 0, seq, sent));
        if (!received.tryAcquire(RECEIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "the watcher did not receive write " + seq + " within " + RECEIPT_TIMEOUT);
        }
      }
      Optional<ContextSwitches> switchesAfter = ContextSwitches.now();
      done = true;
      polling.join();
      if (failure.get() != null) {
        throw new IllegalStateException(
            "the watcher failed: " + failure.get().getMessage(), failure.get());
      }
      return new Result(latencies, perWrite(switchesBefore, switchesAfter, measured));
    } finally {
      watch.close();
    }
  }

  private static OptionalDouble perWrite(
      Optional<ContextSwitches> before, Optional<ContextSwitches> after, int writes) {
    return before.isPresent() && after.isPresent() && writes > 0
        ? OptionalDouble.of((double) after.get().since(before.get()) / writes)
        : OptionalDouble.empty();
  }

  /** The watcher thread: times every event, then lets the writer send the next one. */
  private void receive(Watch watch) {
    try {
      while (!done) {
        WatchEvent event = watch.poll(POLL);
        long now = System.nanoTime();
        if (event != null) {
          // Read before releasing the writer, which sets it only between two writes.
          if (measuring) {
            latencies.add(now - BenchStore.sentNanos(event.object().data()));
          }
          received.release();
        }
      }
    } catch (Throwable e) {
      failure.set(e);
      received.release();
    }
  }
}
