package io.knactor.bench.foundation;

import io.knactor.bench.report.Samples;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 2: write-to-watch-notification latency. One writer commits an upsert stamped with {@link
 * System#nanoTime} taken just before the commit call; a watcher thread polls a watch on the store
 * and records, on receipt, the time since the stamp. One write is in flight at a time (the writer
 * waits for the watcher's receipt before the next), so the samples hold no queueing behind earlier
 * writes. The first {@code warmup} writes are not recorded.
 *
 * <p>Writer and watcher use separate connections, as a knactor and the integrator watching it
 * would.
 */
final class NotificationLatency {
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);

  private NotificationLatency() {}

  static Samples measure(ObjectExchange writer, ObjectExchange watcher, int warmup, int samples)
      throws InterruptedException {
    Samples latencies = new Samples();
    Semaphore received = new Semaphore(0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long from = writer.currentVersion();
    Watch watch = watcher.watch(WatchRequest.of(BenchStore.STORE, BenchStore.KIND, from));
    Thread polling =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < warmup + samples; i++) {
                  WatchEvent event = watch.poll(RECEIPT_TIMEOUT);
                  long now = System.nanoTime();
                  if (event == null) {
                    throw new IllegalStateException(
                        "no watch event within " + RECEIPT_TIMEOUT + " of write " + i);
                  }
                  if (BenchStore.seq(event.object().data()) >= warmup) {
                    latencies.add(now - BenchStore.sentNanos(event.object().data()));
                  }
                  received.release();
                }
              } catch (Throwable e) {
                failure.set(e);
                received.release(warmup + samples);
              }
            },
            "bench-watcher");
    polling.setDaemon(true);
    polling.start();
    try {
      for (int seq = 0; seq < warmup + samples && failure.get() == null; seq++) {
        long sent = System.nanoTime();
        writer.commit(
            BenchStore.PRINCIPAL, BenchStore.upsert("latency-" + seq % 100, 0, seq, sent));
        if (!received.tryAcquire(RECEIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "the watcher did not receive write " + seq + " within " + RECEIPT_TIMEOUT);
        }
      }
      polling.join();
    } finally {
      watch.close();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the watcher failed: " + failure.get().getMessage(), failure.get());
    }
    return latencies;
  }
}
