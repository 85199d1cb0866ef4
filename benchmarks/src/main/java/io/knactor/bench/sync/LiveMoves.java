package io.knactor.bench.sync;

import io.knactor.bench.report.Samples;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.examples.wordcount.WordCount;
import io.knactor.sync.runtime.Move;
import io.knactor.sync.runtime.PartitionStatus;
import io.knactor.sync.runtime.RuntimeStatus;
import io.knactor.sync.runtime.SyncRuntime;
import io.knactor.sync.runtime.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves partitions of a running Sync: the word count's stateful {@code sum} (each word's running
 * count in keyed state, appended to the counts log) runs in a {@link SyncRuntime} over the embedded
 * log exchange while a producer thread appends words to its 6-partition source; single partitions
 * are {@link SyncRuntime#assign assigned} back and forth between instances, and the parallelism
 * changes now and then. Each move is timed from the call until the new owner's first committed
 * round of the partition ({@link SyncRuntime#onCommit}); the gap in the partition's output is the
 * time between its last commit before that one (the old owner's) and that one. At the end every
 * word's counts in the counts log must be exactly 1, 2, ..., n, n the times it was appended.
 *
 * @param resume per assigned partition, from the {@code assign} call to the new owner's first
 *     commit of it, in nanoseconds
 * @param gap per assigned partition, from its previous commit to the new owner's first
 * @param steadyGap between consecutive commits of a partition no move is waiting for, during the
 *     measured moves: the cadence of a partition's output without a move, which bounds the gap from
 *     below (a first commit needs a record, and records come with the producer's appends)
 * @param handOver per assigned partition, the runtime's own timing ({@link Move#took}): the request
 *     to the partition claimed for the new owner with its state loaded
 * @param rescaleResume per partition moved by a {@code setParallelism} call, from the call to the
 *     new owner's first commit of it
 * @param rescales the {@code setParallelism} calls measured
 * @param words words appended by the producer (each counted once if the run is exact)
 * @param lost counts missing from the counts log
 * @param repeated counts in the counts log beyond the exact sequences
 * @param disordered words whose counts, none lost or repeated, are out of order
 * @param fenced rounds the runtime saw fenced by a claim it did not make (0 expected)
 * @param failures rounds that failed otherwise (0 expected)
 */
public record LiveMoves(
    Samples resume,
    Samples gap,
    Samples steadyGap,
    Samples handOver,
    Samples rescaleResume,
    int rescales,
    long words,
    long lost,
    long repeated,
    long disordered,
    long fenced,
    long failures) {

  /** Words in the producer's vocabulary, spread over the partitions by their hash. */
  static final int VOCABULARY = 600;

  /** Words per append of the producer, and the pause after each append. */
  static final int WORDS_PER_APPEND = 60;

  static final Duration PRODUCER_PAUSE = Duration.ofMillis(1);

  /** The parallelism the runtime starts with and the ones it is rescaled to, in turn, cycling. */
  private static final int[] PARALLELISMS = {2, 3, 1};

  /** One rescale after every this many assigned moves. */
  private static final int ASSIGNS_PER_RESCALE = 20;

  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(30);

  public boolean exact() {
    return lost == 0 && repeated == 0 && disordered == 0;
  }

  /**
   * Runs {@code warmup} unmeasured moves, then {@code moves} measured ones (and a rescale after
   * every {@value #ASSIGNS_PER_RESCALE}), over a fresh set of word-count stores in {@code logs}.
   */
  public static LiveMoves run(LogExchange logs, int warmup, int moves) throws InterruptedException {
    WordCount.createStores(logs);
    Tracker tracker = new Tracker();
    Producer producer = new Producer(logs);
    Samples resume = new Samples();
    Samples gap = new Samples();
    Samples handOver = new Samples();
    Samples rescaleResume = new Samples();
    int rescales = 0;
    RuntimeStatus end;
    try (SyncRuntime runtime =
        SyncRuntime.start(
            WordCount.sumPlan(), logs, null, PARALLELISMS[0], SyncRuntime.Options.defaults())) {
      runtime.onCommit(tracker);
      producer.start();
      List<TaskId> tasks = runtime.tasks();
      int step = 0;
      int parallelism = PARALLELISMS[0];
      for (int i = 0; i < warmup + moves; i++) {
        boolean measured = i >= warmup;
        tracker.measuring = measured;
        if (i > 0 && i % ASSIGNS_PER_RESCALE == 0) {
          // At parallelism 1 there is nowhere to move a partition to: rescale again at once.
          do {
            parallelism = PARALLELISMS[++step % PARALLELISMS.length];
            rescale(runtime, tracker, parallelism, measured ? rescaleResume : null);
            rescales += measured ? 1 : 0;
          } while (parallelism == 1);
        }
        TaskId task = tasks.get(i % tasks.size());
        int from = owner(runtime.status(), task);
        int to = (from + 1) % parallelism;
        Tracker.Awaited awaited = tracker.await(task, to);
        long start = System.nanoTime();
        Move move = runtime.assign(task, to);
        awaited.waitFor(start);
        if (measured) {
          resume.add(awaited.firstCommit - start);
          gap.add(awaited.firstCommit - awaited.previousCommit);
          handOver.add(move.took().toNanos());
        }
      }
      tracker.measuring = false;
      producer.stop();
      long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
      while (runtime.status().lag() > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the sum Sync did not catch up with the producer: " + runtime.status());
        }
        Thread.sleep(10);
      }
      end = runtime.status();
    } finally {
      producer.stop();
    }
    return check(
        logs,
        producer.appended,
        resume,
        gap,
        tracker.steady,
        handOver,
        rescaleResume,
        rescales,
        end.fenced(),
        end.failures());
  }

  /** Sets the parallelism and times each moved partition's resumption from the call. */
  private static void rescale(SyncRuntime runtime, Tracker tracker, int n, Samples into)
      throws InterruptedException {
    RuntimeStatus before = runtime.status();
    // Where each partition goes: setParallelism deals them round-robin, in order.
    List<TaskId> tasks = runtime.tasks();
    Map<TaskId, Tracker.Awaited> awaited = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (owner(before, tasks.get(i)) != i % n) {
        awaited.put(tasks.get(i), tracker.await(tasks.get(i), i % n));
      }
    }
    long start = System.nanoTime();
    runtime.setParallelism(n);
    RuntimeStatus after = runtime.status();
    for (Map.Entry<TaskId, Tracker.Awaited> a : awaited.entrySet()) {
      if (owner(after, a.getKey()) != a.getValue().instance) {
        throw new IllegalStateException(
            "setParallelism(" + n + ") gave " + a.getKey() + " to " + owner(after, a.getKey()));
      }
      a.getValue().waitFor(start);
      if (into != null) {
        into.add(a.getValue().firstCommit - start);
      }
    }
  }

  private static int owner(RuntimeStatus status, TaskId task) {
    return status.partitions().stream()
        .filter(p -> p.task().equals(task))
        .mapToInt(PartitionStatus::owner)
        .findFirst()
        .orElseThrow();
  }

  /** Compares every word's counts in the counts log with the words appended. */
  private static LiveMoves check(
      LogExchange logs,
      Map<String, Long> appended,
      Samples resume,
      Samples gap,
      Samples steadyGap,
      Samples handOver,
      Samples rescaleResume,
      int rescales,
      long fenced,
      long failures) {
    Map<String, List<Long>> counted = WordCount.countSequences(logs);
    long words = 0;
    long lost = 0;
    long repeated = 0;
    long disordered = 0;
    Set<String> all = new HashSet<>(appended.keySet());
    all.addAll(counted.keySet());
    for (String word : all) {
      long n = appended.getOrDefault(word, 0L);
      List<Long> counts = counted.getOrDefault(word, List.of());
      words += n;
      Set<Long> distinct = new HashSet<>();
      for (long c : counts) {
        if (c >= 1 && c <= n) {
          distinct.add(c);
        }
      }
      lost += n - distinct.size();
      repeated += counts.size() - distinct.size();
      if (distinct.size() == n && counts.size() == n) {
        for (int i = 0; i < counts.size(); i++) {
          if (counts.get(i) != i + 1) {
            disordered++;
            break;
          }
        }
      }
    }
    return new LiveMoves(
        resume,
        gap,
        steadyGap,
        handOver,
        rescaleResume,
        rescales,
        words,
        lost,
        repeated,
        disordered,
        fenced,
        failures);
  }

  /** Records each partition's commits; tells a waiting move when the new owner first commits. */
  private static final class Tracker implements SyncRuntime.CommitListener {
    private final Map<TaskId, AtomicLong> lastCommit = new ConcurrentHashMap<>();
    private final Map<TaskId, Awaited> awaited = new ConcurrentHashMap<>();
    private final Samples steady = new Samples();
    private volatile boolean measuring;

    /** A move's wait for {@code instance}'s first commit of a partition. */
    final class Awaited {
      final TaskId task;
      final int instance;
      final CountDownLatch done = new CountDownLatch(1);
      volatile long previousCommit;
      volatile long firstCommit;

      Awaited(TaskId task, int instance) {
        this.task = task;
        this.instance = instance;
      }

      void waitFor(long since) throws InterruptedException {
        if (!done.await(RESUME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              task + " moved to instance " + instance + " has not committed since");
        }
        awaited.remove(task, this);
        // A previous commit before the call (or none since the start) bounds the gap from below.
        previousCommit = previousCommit == 0 ? since : previousCommit;
      }
    }

    Awaited await(TaskId task, int instance) {
      Awaited a = new Awaited(task, instance);
      awaited.put(task, a);
      return a;
    }

    @Override
    public void committed(TaskId task, int instance, long nextOffset) {
      long now = System.nanoTime();
      long previous = lastCommit.computeIfAbsent(task, t -> new AtomicLong()).getAndSet(now);
      Awaited a = awaited.get(task);
      if (a == null && measuring && previous != 0) {
        synchronized (steady) {
          steady.add(now - previous);
        }
      }
      if (a != null && a.instance == instance && a.done.getCount() > 0) {
        a.previousCommit = previous;
        a.firstCommit = now;
        a.done.countDown();
      }
    }
  }

  /** Appends words to the words log until stopped, counting how often it appended each. */
  private static final class Producer implements Runnable {
    private final LogExchange logs;
    private final Map<String, Long> appended = new HashMap<>();
    private final AtomicReference<Thread> thread = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    Producer(LogExchange logs) {
      this.logs = logs;
    }

    void start() {
      Thread t = new Thread(this, "live-moves-producer");
      t.setDaemon(true);
      thread.set(t);
      t.start();
    }

    /**
     * Stops after the append in flight; afterwards {@link #appended} is complete.
     *
     * @throws IllegalStateException when an append failed
     */
    void stop() throws InterruptedException {
      running = false;
      Thread t = thread.getAndSet(null);
      if (t != null) {
        t.join();
      }
      if (failure != null) {
        throw new IllegalStateException("the producer failed: " + failure.getMessage(), failure);
      }
    }

    @Override
    public void run() {
      try {
        produce();
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    private void produce() {
      long next = 0;
      while (running) {
        List<LogRecord> batch = new ArrayList<>(WORDS_PER_APPEND);
        for (int i = 0; i < WORDS_PER_APPEND; i++, next++) {
          String word = "w" + (next % VOCABULARY);
          batch.add(LogRecord.of(word, Json.object().put("word", word)));
        }
        logs.append(WordCount.WORDS, batch);
        for (LogRecord r : batch) {
          appended.merge(r.key(), 1L, Long::sum);
        }
        LockSupport.parkNanos(PRODUCER_PAUSE.toNanos());
      }
    }
  }
}
