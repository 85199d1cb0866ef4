package io.knactor.bench.foundation;

import io.knactor.bench.report.CpuUsage;
import io.knactor.bench.report.Samples;
import io.knactor.core.exchange.ObjectExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent writers, each committing upserts of its own objects (no two writers share an object,
 * so none conflicts), either in a closed loop (the next commit starts when the previous one
 * returns) or paced (a commit starts every interval). After a warm-up, every commit that completes
 * inside the measured window counts, with its latency from the commit call to its return.
 */
final class WriterLoad {
  private static final int OBJECTS_PER_WRITER = 100;

  /**
   * {@code commits} completed in {@code elapsedNanos}, the {@code latencies} of each, and the CPU
   * used meanwhile.
   */
  record Result(int writers, long commits, long elapsedNanos, Samples latencies, CpuUsage cpu) {
    double perSecond() {
      return commits * 1e9 / elapsedNanos;
    }

    /** CPU time this JVM spent per commit (all threads: writers, exchange, watchers). */
    double cpuMicrosPerCommit() {
      return cpu.ownCores() * cpu.seconds() * 1e6 / commits;
    }
  }

  private enum Phase {
    WARMUP,
    MEASURE,
    STOP
  }

  private WriterLoad() {}

  static Result run(ObjectExchange exchange, int writers, Duration warmup, Duration measure)
      throws InterruptedException {
    return run(exchange, writers, Duration.ZERO, warmup, measure);
  }

  /**
   * Like {@link #run(ObjectExchange, int, Duration, Duration)}, but each writer starts a commit at
   * most every {@code interval} (an open loop at a fixed rate); zero means as fast as possible.
   */
  static Result run(
      ObjectExchange exchange, int writers, Duration interval, Duration warmup, Duration measure)
      throws InterruptedException {
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARMUP);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Samples> perWriter = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Samples samples = new Samples();
      perWriter.add(samples);
      int writer = w;
      Thread thread =
          new Thread(
              () -> {
                try {
                  write(exchange, writer, interval.toNanos(), phase, samples);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                  phase.set(Phase.STOP);
                }
              },
              "bench-writer-" + w);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    pause(warmup);
    long start = System.nanoTime();
    CpuUsage.Mark mark = CpuUsage.mark();
    phase.compareAndSet(Phase.WARMUP, Phase.MEASURE);
    pause(measure);
    phase.set(Phase.STOP);
    long elapsed = System.nanoTime() - start;
    CpuUsage cpu = CpuUsage.since(mark);
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "a writer failed: " + failure.get().getMessage(), failure.get());
    }
    Samples all = Samples.merge(perWriter);
    return new Result(writers, all.count(), elapsed, all, cpu);
  }

  private static void write(
      ObjectExchange exchange,
      int writer,
      long intervalNanos,
      AtomicReference<Phase> phase,
      Samples samples) {
    long next = System.nanoTime();
    for (long seq = 0; ; seq++) {
      String name = "w" + writer + "-" + (seq % OBJECTS_PER_WRITER);
      for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long start = System.nanoTime();
      next = Math.max(next + intervalNanos, start);
      exchange.commit(BenchStore.PRINCIPAL, BenchStore.upsert(name, writer, seq, start));
      long end = System.nanoTime();
      Phase now = phase.get();
      if (now == Phase.STOP) {
        return;
      }
      if (now == Phase.MEASURE) {
        samples.add(end - start);
      }
    }
  }

  /** Waits out a phase of the run; the harness's own thread has nothing else to do meanwhile. */
  static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
