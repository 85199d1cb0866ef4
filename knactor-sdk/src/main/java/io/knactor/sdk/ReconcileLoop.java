package io.knactor.sdk;

import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a knactor's thread: follows every handled kind, and calls the handlers one at a time
 * for the objects that changed, with retries and requeues. Everything but {@link #stop} and the
 * sync queries runs on that one thread.
 *
 * <p>The writes of the calls of one step commit together in one batch ({@link PendingWrites}), so a
 * busy knactor pays one commit for many changes. Each call still sees the writes of the calls
 * before it: the batch commits first when a call's object or writes overlap it, and when a handler
 * reads or writes through its {@link Context}. When the batch fails, each call's writes commit on
 * their own, so that a conflict or refusal affects only its own call, as without batching.
 */
final class ReconcileLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  /** The longest the loop waits for a change before it checks timers and whether to stop. */
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final int MAX_DRAIN = 512;
  private static final int MAX_CALLS_PER_STEP = 64;

  private final StoreRef store;
  private final ObjectExchange connection;
  private final Settings settings;
  private final Map<String, Reconciler> handlers;
  private final StoreInformer informer;
  private final WorkQueue queue = new WorkQueue();
  private final Map<ObjectKey, Integer> failures = new HashMap<>();
  private final Context context;
  private final Object idle = new Object();
  private final CountDownLatch syncedOrStopped = new CountDownLatch(1);
  private final PendingWrites pending = new PendingWrites();
  private volatile Thread thread;
  private volatile boolean stopping;
  private volatile boolean synced;
  private int callsBeforeSynced = -1;

  ReconcileLoop(
      StoreRef store,
      ObjectExchange connection,
      Settings settings,
      Map<String, Reconciler> handlers,
      Context context) {
    this.store = store;
    this.connection = connection;
    this.settings = settings;
    this.handlers = Map.copyOf(handlers);
    this.context = context;
    this.informer = new StoreInformer(store, handlers.keySet(), connection, settings);
    context.beforeAccess(this::commitPendingOnOwnThread);
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      while (!stopping) {
        step();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      informer.close();
      syncedOrStopped.countDown();
    }
  }

  /** Asks the loop to end after the handler call in progress, if any. */
  void stop() {
    stopping = true;
    synchronized (idle) {
      idle.notifyAll();
    }
    syncedOrStopped.countDown();
  }

  boolean isSynced() {
    return synced;
  }

  /** Waits until synced or stopped; true when synced. */
  boolean awaitSynced(long timeout, TimeUnit unit) throws InterruptedException {
    syncedOrStopped.await(timeout, unit);
    return synced;
  }

  private void step() throws InterruptedException {
    if (informer.nanosToConnect(System.nanoTime()) <= 0) {
      informer.connect(queue::offer);
    }
    informer.drain(queue::offer, Duration.ZERO, MAX_DRAIN);
    noteListed();
    int calls = 0;
    Delivery delivery;
    try {
      while (!stopping
          && calls < MAX_CALLS_PER_STEP
          && (delivery = queue.next(System.nanoTime())) != null) {
        call(delivery);
        calls++;
        noteCalled();
      }
    } finally {
      commitPending();
    }
    if (calls == 0) {
      waitForWork();
    }
  }

  /**
   * Once every kind is listed, the ready calls are those of the first lists (and changes that came
   * with them); the queue is FIFO, so the knactor has synced after that many calls.
   */
  private void noteListed() {
    if (callsBeforeSynced < 0 && informer.hasListed()) {
      callsBeforeSynced = queue.readyCount();
      if (callsBeforeSynced == 0) {
        markSynced();
      }
    }
  }

  private void noteCalled() {
    if (callsBeforeSynced > 0 && --callsBeforeSynced == 0) {
      commitPending();
      markSynced();
    }
  }

  private void markSynced() {
    synced = true;
    syncedOrStopped.countDown();
    log.debug("{}: synced", store);
  }

  private void waitForWork() throws InterruptedException {
    long now = System.nanoTime();
    long wait =
        Math.min(
            Math.min(IDLE_WAIT_NANOS, queue.nanosToNextTimer(now)), informer.nanosToConnect(now));
    if (wait <= 0 || stopping) {
      return;
    }
    if (!informer.isWatching()) {
      synchronized (idle) {
        if (!stopping) {
          TimeUnit.NANOSECONDS.timedWait(idle, wait);
        }
      }
      return;
    }
    // Every kind comes through the one watch: a change of any of them ends the wait at once.
    informer.drain(queue::offer, Duration.ofNanos(wait), MAX_DRAIN);
  }

  private void call(Delivery next) throws InterruptedException {
    Delivery delivery = current(next);
    if (delivery == null) {
      return;
    }
    ObjectKey key = delivery.key();
    if (pending.touches(key)) {
      // Its event predates a pending write to it: that write commits, and its change comes next.
      commitPending();
    }
    Event event =
        new Event(delivery.type(), delivery.object(), delivery.cause(), delivery.attempt());
    try {
      Result result = handlers.get(key.kind()).reconcile(context, event);
      if (result == null) {
        throw new IllegalStateException(
            "the handler of kind "
                + key.kind()
                + " returned null; return Result.done() when there is nothing to do");
      }
      if (result.writes().isEmpty()) {
        succeeded(delivery, result.requeueDelay().orElse(null));
        return;
      }
      WriteBatch batch = context.batch(result.writes().get());
      if (pending.touchesAny(batch)) {
        commitPending();
      }
      pending.add(new PendingWrites.Entry(delivery, batch, result.requeueDelay().orElse(null)));
    } catch (ConflictException e) {
      conflicted(delivery, e);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      failed(delivery, e);
    }
  }

  /** Before a handler uses its context: what it could read or overwrite commits first. */
  private void commitPendingOnOwnThread() {
    if (Thread.currentThread() == thread && !pending.isEmpty()) {
      commitPending();
    }
  }

  /** Commits the pending writes in one batch; when that fails, each call's on its own. */
  private void commitPending() {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingWrites.Entry> entries = pending.take();
    if (entries.size() > 1) {
      try {
        connection.commit(PendingWrites.combined(entries));
        entries.forEach(e -> succeeded(e.delivery(), e.requeueDelay()));
        return;
      } catch (RuntimeException e) {
        log.debug(
            "{}: a batch of {} calls' writes failed ({}); committing each",
            store,
            entries.size(),
            e.getMessage());
      }
    }
    for (PendingWrites.Entry entry : entries) {
      try {
        connection.commit(entry.batch());
        succeeded(entry.delivery(), entry.requeueDelay());
      } catch (ConflictException e) {
        conflicted(entry.delivery(), e);
      } catch (RuntimeException e) {
        failed(entry.delivery(), e);
      }
    }
  }

  private void succeeded(Delivery delivery, Duration requeueDelay) {
    failures.remove(delivery.key());
    if (requeueDelay != null) {
      queue.schedule(delivery.requeue(), System.nanoTime() + nanos(requeueDelay));
    }
  }

  /**
   * The state to call the handler with: the latest seen for a retry or requeue, a fresh read after
   * a conflict; null when the object is gone (its deletion is, or will be, a call of its own).
   */
  private Delivery current(Delivery delivery) {
    if (delivery.type() == EventType.DELETED) {
      return delivery;
    }
    if (delivery.reread()) {
      try {
        return connection.get(delivery.key()).map(delivery::withObject).orElse(null);
      } catch (RuntimeException e) {
        failed(delivery, e);
        return null;
      }
    }
    if (delivery.cause() == Event.Cause.REQUEUE || delivery.cause() == Event.Cause.RETRY) {
      Optional<StoredObject> seen = informer.cached(delivery.key().kind(), delivery.key().name());
      return seen.map(delivery::withObject).orElse(null);
    }
    return delivery;
  }

  private void conflicted(Delivery delivery, ConflictException e) {
    Delivery retry = delivery.retryAfterConflict();
    if (retry.conflicts() > settings.maxConflictRetries()) {
      failed(delivery, e);
      return;
    }
    Duration delay = settings.conflictBackoff().delay(retry.conflicts());
    log.debug(
        "{}: write conflict handling {} ({}); re-reading and retrying in {} ms",
        store,
        delivery.key(),
        e.getMessage(),
        delay.toMillis());
    queue.schedule(retry, System.nanoTime() + nanos(delay));
  }

  private void failed(Delivery delivery, Exception e) {
    int count = failures.merge(delivery.key(), 1, Integer::sum);
    Duration delay = settings.failureBackoff().delay(count);
    log.warn(
        "handler of {} failed on {} {} (attempt {}, failure {} in a row); retrying in {} ms",
        delivery.key(),
        delivery.type(),
        delivery.cause(),
        delivery.attempt(),
        count,
        delay.toMillis(),
        e);
    queue.schedule(delivery.retryAfterFailure(), System.nanoTime() + nanos(delay));
  }

  private static long nanos(Duration duration) {
    return duration.compareTo(Duration.ofDays(365)) > 0
        ? TimeUnit.DAYS.toNanos(365)
        : duration.toNanos();
  }
}
