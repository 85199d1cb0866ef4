package io.knactor.sdk;

import io.knactor.core.exchange.EventType;
import io.knactor.core.model.ObjectKey;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The handler calls a knactor owes, in the order the changes arrived. A modification of an object
 * whose latest pending call is also a modification replaces that call's state instead of queueing
 * another, so a busy object does not pile up stale states. Each object has at most one scheduled
 * call (retry or requeue); a new change of the object cancels it. Owned by the knactor's thread;
 * not thread-safe.
 */
final class WorkQueue {
  private record Timer(long dueNanos, long sequence, Delivery delivery) {}

  private static final class Slot {
    Delivery delivery;

    Slot(Delivery delivery) {
      this.delivery = delivery;
    }
  }

  private final ArrayDeque<Slot> ready = new ArrayDeque<>();
  private final Map<ObjectKey, Slot> latestReady = new HashMap<>();
  private final Map<ObjectKey, Timer> timers = new HashMap<>();
  private final PriorityQueue<Timer> byDue =
      new PriorityQueue<>(
          Comparator.comparingLong((Timer t) -> t.dueNanos).thenComparingLong(t -> t.sequence));
  private long sequence;

  /** Adds a change and cancels the object's scheduled call. */
  void offer(Delivery delivery) {
    ObjectKey key = delivery.key();
    timers.remove(key);
    Slot latest = latestReady.get(key);
    if (latest != null
        && latest.delivery.type() == EventType.MODIFIED
        && delivery.type() == EventType.MODIFIED) {
      latest.delivery = delivery;
      return;
    }
    append(delivery);
  }

  /**
   * Makes {@code delivery} ready at {@code dueNanos}, replacing the object's scheduled call;
   * ignored when a change of the object is already waiting, since that call comes first and is
   * newer.
   */
  void schedule(Delivery delivery, long dueNanos) {
    ObjectKey key = delivery.key();
    if (latestReady.containsKey(key)) {
      return;
    }
    Timer timer = new Timer(dueNanos, sequence++, delivery);
    timers.put(key, timer);
    byDue.add(timer);
  }

  /** The next call, after moving the scheduled calls due at {@code now}; null if none. */
  Delivery next(long now) {
    while (!byDue.isEmpty() && byDue.peek().dueNanos - now <= 0) {
      Timer timer = byDue.poll();
      ObjectKey key = timer.delivery.key();
      if (timers.get(key) == timer) {
        timers.remove(key);
        if (!latestReady.containsKey(key)) {
          append(timer.delivery);
        }
      }
    }
    Slot slot = ready.poll();
    if (slot == null) {
      return null;
    }
    latestReady.remove(slot.delivery.key(), slot);
    return slot.delivery;
  }

  int readyCount() {
    return ready.size();
  }

  /** Nanoseconds until the earliest scheduled call; Long.MAX_VALUE when none is scheduled. */
  long nanosToNextTimer(long now) {
    while (!byDue.isEmpty() && timers.get(byDue.peek().delivery.key()) != byDue.peek()) {
      byDue.poll();
    }
    return byDue.isEmpty() ? Long.MAX_VALUE : byDue.peek().dueNanos - now;
  }

  private void append(Delivery delivery) {
    Slot slot = new Slot(delivery);
    ready.add(slot);
    latestReady.put(delivery.key(), slot);
  }
}
