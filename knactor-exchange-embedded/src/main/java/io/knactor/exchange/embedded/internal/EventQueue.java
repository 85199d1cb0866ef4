package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.KnactorException;
import io.knactor.core.exchange.WatchEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue of live events of one watch. The writer offers without ever waiting; the poller
 * waits. Once terminated (closed, overflowed, failed) every poll throws the termination.
 */
final class EventQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<WatchEvent> events = new ArrayDeque<>();
  private final int capacity;
  private KnactorException termination;

  EventQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds all of {@code batch}, or nothing and returns false when it does not fit. */
  boolean offer(List<WatchEvent> batch) {
    lock.lock();
    try {
      if (termination != null) {
        return true;
      }
      if (events.size() + batch.size() > capacity) {
        return false;
      }
      events.addAll(batch);
      changed.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The next event, waiting up to {@code timeout}; null when none came. */
  WatchEvent poll(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (events.isEmpty() && termination == null) {
        if (nanos <= 0) {
          return null;
        }
        nanos = changed.awaitNanos(nanos);
      }
      throwIfTerminated();
      return events.poll();
    } finally {
      lock.unlock();
    }
  }

  void throwIfTerminated() {
    lock.lock();
    try {
      if (termination != null) {
        throw termination;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the queue with {@code reason} unless it has already ended; wakes a waiting poller. */
  void terminate(KnactorException reason) {
    lock.lock();
    try {
      if (termination == null) {
        termination = reason;
        events.clear();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
