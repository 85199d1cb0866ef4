package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.WatchEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Delivers committed events to live watches. The writer thread {@link #publish}es each commit group
 * into the shared {@link EventRing}, which costs it the same with any number of watches, and wakes
 * the hub's dispatcher thread if it sleeps. The dispatcher wakes each watch whose poller is parked
 * and for which the new events hold a match; every watch then reads the ring itself, at its own
 * pace, with its own cursor. Neither the writer nor the dispatcher ever waits for a watcher: a
 * watcher that falls too far behind is cut off when it next polls (see {@link EmbeddedWatch}).
 *
 * <p>Thread-safe. Registration and removal copy the array of watches under a lock; the dispatcher
 * reads it without one.
 */
public final class WatchHub {
  private final EventRing ring;
  private final Thread dispatcher;
  private final Object lock = new Object();
  private volatile EmbeddedWatch[] watches = new EmbeddedWatch[0];
  private volatile boolean dispatcherParked;
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
   * the next {@link #wakeWatchers}. Writer thread only; never waits.
   */
  public void publish(List<WatchEvent> events, int[] dataSizes) {
    ring.append(events, dataSizes);
  }

  /** Has the dispatcher wake the parked watches the published events are for. Writer thread. */
  public void wakeWatchers() {
    if (dispatcherParked) {
      LockSupport.unpark(dispatcher);
    }
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

  /** The dispatcher thread: one round of wake-ups per advance of the ring, however far. */
  private void dispatch() {
    long done = ring.published();
    while (!closed) {
      long published = ring.published();
      if (published > done) {
        for (EmbeddedWatch watch : watches) {
          Thread poller = watch.pollerToWake(published);
          if (poller != null) {
            LockSupport.unpark(poller);
          }
        }
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
