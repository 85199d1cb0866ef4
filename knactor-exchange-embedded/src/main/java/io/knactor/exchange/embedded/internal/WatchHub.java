package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.WatchEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Delivers committed events to live watches. The leader of each commit group (the committing thread
 * that wrote it, see {@link GroupCommitLoop}) {@link #publish}es the group into the shared {@link
 * EventRing}, which costs it the same with any number of watches, and has the parked watches woken:
 * each watch whose poller is parked and for which the new events hold a match, by the leader itself
 * when there are only a few watches, else by the hub's dispatcher thread, a wave at a time; every
 * watch then reads the ring itself, at its own pace, with its own cursor. A committer never waits
 * for a watcher, and the dispatcher only a bounded time per wave: a watcher that falls too far
 * behind is cut off when it next polls (see {@link EmbeddedWatch}).
 *
 * <p>Thread-safe. Registration and removal copy the array of watches under a lock; the dispatcher
 * reads it without one.
 */
public final class WatchHub {
  /** Up to this many watches, the committing leader wakes them itself. */
  static final int DIRECT_WAKE = 4;

  /**
   * The dispatcher has at most this many woken watchers at work at a time: 2 x (cores - 1), at
   * least 2, so the woken watchers leave the committers a core (2 on 2 cores).
   */
  static final int WAVE = 2 * Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

  /**
   * How long the dispatcher waits, per poller of a wave, for pollers that do not all park again
   * (busy in the caller's code, or not scheduled on a loaded machine): bounds a round over a
   * thousand parked watches to a quarter of a second, so none falls far behind.
   */
  private static final long WAVE_WAIT_NANOS_PER_POLLER = 250_000;

  private final EventRing ring;
  private final Thread dispatcher;
  private final Object lock = new Object();
  private volatile EmbeddedWatch[] watches = new EmbeddedWatch[0];
  private volatile boolean dispatcherParked;
  private volatile Wave awaited;
  private volatile boolean closed;

  /** Starts the dispatcher thread, named {@code name}. */
  public WatchHub(EventRing ring, String name) {
    this.ring = ring;
    this.dispatcher = new Thread(this::dispatch, name);
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  public EventRing ring() {
    return ring;
  }

  /**
   * Tracks a new watch, so it is woken for its events and ended by {@link #closeAll}.
   *
   * @throws UnavailableException from {@code closedError} when the hub is closed
   */
  public void register(EmbeddedWatch watch, Supplier<UnavailableException> closedError) {
    synchronized (lock) {
      if (closed) {
        throw closedError.get();
      }
      EmbeddedWatch[] more = Arrays.copyOf(watches, watches.length + 1);
      more[watches.length] = watch;
      watches = more;
    }
  }

  void remove(EmbeddedWatch watch) {
    synchronized (lock) {
      List<EmbeddedWatch> rest = new ArrayList<>(Arrays.asList(watches));
      if (rest.remove(watch)) {
        watches = rest.toArray(new EmbeddedWatch[0]);
      }
    }
  }

  /**
   * Publishes one commit group's events (versions following the last published, without a gap) with
   * the sizes of their serialized data; a watch polling now reads them, parked watches are woken by
   * the next {@link #wakeWatchers}. The writing leader only; never waits.
   */
  public void publish(List<WatchEvent> events, int[] dataSizes) {
    ring.append(events, dataSizes);
  }

  /**
   * Wakes the parked watches the published events are for: with at most {@value #DIRECT_WAKE}
   * watches on the calling thread, which saves a thread hand-off on the way to the watcher, and
   * with more by handing the work to the dispatcher thread. The writing leader.
   */
  public void wakeWatchers() {
    EmbeddedWatch[] now = watches;
    if (now.length <= DIRECT_WAKE) {
      wake(now, ring.published());
    } else if (dispatcherParked) {
      LockSupport.unpark(dispatcher);
    }
  }

  /** Whether the committer wakes the watches itself, as it does for up to {@value #DIRECT_WAKE}. */
  boolean fewWatches() {
    return watches.length <= DIRECT_WAKE;
  }

  /** Ends every watch with the error {@code reason} supplies and stops the dispatcher. */
  public void closeAll(Supplier<UnavailableException> reason) {
    EmbeddedWatch[] all;
    synchronized (lock) {
      closed = true;
      all = watches;
      watches = new EmbeddedWatch[0];
    }
    LockSupport.unpark(dispatcher);
    for (EmbeddedWatch watch : all) {
      watch.terminate(reason.get());
    }
  }

  private static void wake(EmbeddedWatch[] watches, long published) {
    for (EmbeddedWatch watch : watches) {
      Thread poller = watch.pollerToWake(published);
      if (poller != null) {
        LockSupport.unpark(poller);
      }
    }
  }

  /**
   * Wakes the pollers {@value #WAVE} at a time (see {@link #WAVE}) and waits until every one of a
   * wave has read and parked again (or {@value #WAVE_WAIT_NANOS_PER_POLLER} ns per poller passed)
   * before waking more. A thousand threads made runnable at once would queue the writer and the
   * committers behind them for milliseconds on a small machine; and a round that takes longer than
   * the gap between two commits is what coalesces wake-ups, since a watcher woken late reads every
   * change published by then, and is not woken again for them.
   */
  private void wakeInWaves(EmbeddedWatch[] watches, long published) {
    Wave wave = new Wave();
    for (EmbeddedWatch watch : watches) {
      Thread poller = watch.pollerToWake(published);
      if (poller != null) {
        watch.joinWave(wave);
        LockSupport.unpark(poller);
        if (wave.woken == WAVE) {
          await(wave);
          wave = new Wave();
        }
      }
    }
  }

  private void await(Wave wave) {
    long start = System.nanoTime();
    long limit = wave.woken * WAVE_WAIT_NANOS_PER_POLLER;
    for (long left = limit; !closed && wave.get() > 0 && left > 0; ) {
      awaited = wave;
      if (wave.get() > 0) {
        LockSupport.parkNanos(this, left);
      }
      awaited = null;
      left = limit - (System.nanoTime() - start);
    }
  }

  /** A poller of {@code wave} has read and parks again (or its watch ended). Any thread. */
  void leftWave(Wave wave) {
    if (wave.decrementAndGet() <= 0 && awaited == wave) {
      LockSupport.unpark(dispatcher);
    }
  }

  /**
   * The pollers the dispatcher woke together and still waits for: a count of those that have not
   * parked again (each counts itself out once, with {@link #leftWave}); {@code woken} is the
   * dispatcher's own tally.
   */
  @SuppressWarnings("serial")
  static final class Wave extends AtomicInteger {
    private int woken;

    void add() {
      woken++;
      incrementAndGet();
    }
  }

  /** The dispatcher thread: one round of wake-ups per advance of the ring, however far. */
  private void dispatch() {
    long done = ring.published();
    while (!closed) {
      long published = ring.published();
      if (published > done) {
        wakeInWaves(watches, published);
        done = published;
        continue;
      }
      dispatcherParked = true;
      if (ring.published() == done && !closed) {
        LockSupport.park(this);
      }
      dispatcherParked = false;
    }
  }
}
