package io.knactor.exchange.etcd.internal;

import io.knactor.core.error.KnactorException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.WatchEvent;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The undelivered events of one watch: filled by its reader thread, drained by the poller, holding
 * at most {@code capacity} events. Once ended (closed, overflowed, failed) every poll throws the
 * reason. Thread-safe.
 */
final class EventQueue {
  private static final WatchEvent END = new WatchEvent(null, null);

  private final LinkedBlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
  private final int capacity;
  private final String description;
  private volatile KnactorException ending;

  EventQueue(int capacity, String description) {
    this.capacity = capacity;
    this.description = description;
  }

  /** Adds an event; false, after ending the queue with an overflow, when it is full. */
  boolean add(WatchEvent event) {
    if (ending != null) {
      return false;
    }
    if (events.size() >= capacity) {
      end(
          new WatchOverflowException(
              description
                  + " fell more than "
                  + capacity
                  + " events behind; list again and watch from the list's resourceVersion"));
      return false;
    }
    events.add(event);
    return true;
  }

  WatchEvent poll(Duration timeout) throws InterruptedException {
    KnactorException reason = ending;
    if (reason != null) {
      throw reason;
    }
    WatchEvent event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (event == END || ending != null) {
      events.offer(END);
      throw ending;
    }
    return event;
  }

  /** Ends the queue with {@code reason} unless it has ended already; wakes a waiting poller. */
  synchronized void end(KnactorException reason) {
    if (ending == null) {
      ending = reason;
      events.clear();
      events.offer(END);
    }
  }

  boolean ended() {
    return ending != null;
  }
}
