package io.knactor.sdk;

import io.knactor.core.model.ObjectKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The handler calls a knactor owes: at most one ready call per object, in the order objects first
 * became ready, and at most one scheduled call (retry or requeue) per object. A new change of an
 * object supersedes its scheduled call. Owned by the knactor's thread; not thread-safe.
 */
final class WorkQueue {
  private record Timer(long dueNanos, long sequence, Delivery delivery) {}

  private final LinkedHashMap<ObjectKey, Delivery> ready = new LinkedHashMap<>();
  private final Map<ObjectKey, Timer> timers = new HashMap<>();
  private final PriorityQueue<Timer> byDue =
      new PriorityQueue<>(
          Comparator.comparingLong((Timer t) -> t.dueNanos).thenComparingLong(t -> t.sequence));
  private long sequence;

  /** Adds a change, merging it into the object's ready call and cancelling its scheduled one. */
  void offer(Delivery delivery) {
    ObjectKey key = delivery.key();
    timers.remove(key);
    Delivery before = ready.get(key);
    ready.put(key, before == null ? delivery : before.mergedWith(delivery));
  }

  /** Makes {@code delivery} ready at {@code dueNanos}, replacing the object's scheduled call. */
  void schedule(Delivery delivery, long dueNanos) {
    ObjectKey key = delivery.key();
    if (ready.containsKey(key)) {
      return;
    }
    Timer timer = new Timer(dueNanos, sequence++, delivery);
    timers.put(key, timer);
    byDue.add(timer);
  }

  /** The next ready call, after moving the scheduled calls due at {@code now}; null if none. */
  Delivery next(long now) {
    while (!byDue.isEmpty() && byDue.peek().dueNanos - now <= 0) {
      Timer timer = byDue.poll();
      ObjectKey key = timer.delivery.key();
      if (timers.get(key) == timer) {
        timers.remove(key);
        ready.putIfAbsent(key, timer.delivery);
      }
    }
    Iterator<Delivery> first = ready.values().iterator();
    if (!first.hasNext()) {
      return null;
    }
    Delivery delivery = first.next();
    first.remove();
    return delivery;
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
}
