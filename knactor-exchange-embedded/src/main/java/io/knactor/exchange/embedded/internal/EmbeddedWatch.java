package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A watch reading the exchange's versions in order with its own cursor: from the shared {@link
 * EventRing} while the ring still holds the next version, else from the change log. Both are
 * indexed by the same version sequence, so moving between them has no gap and no duplicate, and all
 * reading happens on the polling thread.
 *
 * <p>The watch starts catching up when {@code fromVersion} is older than the latest published
 * change, reading one chunk at a time as the caller polls, and is live once its cursor has reached
 * the latest published change. Live, it reads every newly published change at each poll and holds
 * the matching ones until they are polled; when it holds more than {@code queueCapacity} of them it
 * is cut off with a WatchOverflowException. So a stalled watcher costs the writer and the other
 * watchers nothing, and is told when it polls again.
 *
 * <p>A poll with nothing to read parks its thread until it is unparked for a matching change (by
 * the committer when the exchange has few watches, else by the hub's dispatcher thread), or the
 * timeout passes; a change that is not for the watch does not wake it. With few watches, a poll
 * whose changes have been coming faster than {@link #SPIN_NANOS} apart spins that long first.
 * {@link #poll} from one thread at a time; {@link #close} from any thread.
 */
public final class EmbeddedWatch implements Watch {
  private static final int CHUNK = 1024;

  /**
   * How long a poll spins before parking when its changes have been coming at least this often.
   * Bounds the CPU a dense stream of changes costs its watcher per change; a sparse one costs at
   * most one such spin, after which the poll parks at once again.
   */
  static final long SPIN_NANOS = 100_000;

  private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

  private final WatchRequest request;
  private final KeyFilter filter;
  private final StoreReader reader;
  private final WatchHub hub;
  private final EventRing ring;
  private final String description;

  // The polling thread's state.
  private final ArrayDeque<WatchEvent> held = new ArrayDeque<>();
  private long cursor;
  private boolean live;
  private int heldLive;
  private boolean spin;

  // Shared with the dispatcher and with close(): the poller's thread while it parks, and how far
  // it has read.
  private volatile Thread parked;
  private volatile long readThrough;
  private volatile KnactorException termination;

  // Kept by whoever scans for the poller (the dispatcher, or the writer when there are few
  // watches): no change after readThrough up to `clear` is for this watch, so the poller may skip
  // to it (a watch of a quiet store must not fall behind the change log's retention while others
  // write); the poller was last woken for the changes up to `woken`. Every value written is true
  // when written, so two scanners racing only rescan or wake twice.
  private volatile long clear;
  private volatile long woken;

  // The dispatcher's wave this poller was last woken in, until it parks again.
  private final AtomicReference<WatchHub.Wave> wave = new AtomicReference<>();

  public EmbeddedWatch(WatchRequest request, StoreReader reader, WatchHub hub) {
    this.request = request;
    this.filter = new KeyFilter(request);
    this.reader = reader;
    this.hub = hub;
    this.ring = hub.ring();
    this.description = request.describe();
    this.cursor = request.fromVersion();
    this.readThrough = cursor;
    this.clear = cursor;
    this.live = cursor >= ring.published();
  }

  @Override
  public WatchEvent poll(Duration timeout) throws InterruptedException {
    long wait = timeout.toNanos();
    long start = System.nanoTime();
    throwIfTerminated();
    try {
      while (true) {
        read();
        WatchEvent event = held.poll();
        if (event != null) {
          heldLive = Math.min(heldLive, held.size());
          return event;
        }
        leaveWave();
        long remaining = wait - (System.nanoTime() - start);
        if (remaining <= 0) {
          return null;
        }
        await(remaining);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        throwIfTerminated();
      }
    } catch (KnactorException e) {
      hub.remove(this);
      terminate(e);
      throw termination;
    }
  }

  /**
   * Waits up to {@code nanos} for a change after the cursor, or the watch's end. When the last wait
   * ended with a change within {@link #SPIN_NANOS} and the exchange has only a few watches, it
   * spins that long first: a change that comes meanwhile then costs no wake-up (on a virtual
   * machine, waking a thread parked on an idle CPU takes tens of µs) and the committer no unpark.
   * Else, or when the spin ends with nothing, it parks until a scanner unparks it.
   */
  private void await(long nanos) {
    long began = System.nanoTime();
    if (!(spin && hub.fewWatches() && spinUntilChange(Math.min(nanos, SPIN_NANOS)))) {
      parked = Thread.currentThread();
      if (nothingNew()) {
        LockSupport.parkNanos(this, nanos - (System.nanoTime() - began));
      }
      parked = null;
    }
    spin = MULTICORE && !nothingNew() && System.nanoTime() - began <= SPIN_NANOS;
  }

  /** Spins up to {@code nanos}; true when a change or the watch's end came meanwhile. */
  private boolean spinUntilChange(long nanos) {
    long began = System.nanoTime();
    while (nothingNew()) {
      if (System.nanoTime() - began >= nanos || Thread.currentThread().isInterrupted()) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  private boolean nothingNew() {
    return ring.published() <= cursor && termination == null;
  }

  /** Reads what is due: a chunk while catching up and nothing is held, everything once live. */
  private void read() {
    cursor = Math.max(cursor, clear);
    readMore();
    readThrough = cursor;
  }

  private void readMore() {
    while (!live) {
      if (!held.isEmpty()) {
        return;
      }
      long published = ring.published();
      if (cursor < published) {
        readChunk(published, false);
      }
      live = cursor >= published;
    }
    for (long published = ring.published(); cursor < published; ) {
      readChunk(published, true);
    }
  }

  /** Reads up to a chunk of versions after the cursor, from the ring or else the change log. */
  private void readChunk(long published, boolean counted) {
    if (ring.get(cursor + 1) == null) {
      long last =
          reader.readChanges(cursor, CHUNK, filter, event -> hold(event, counted), description);
      if (last == cursor) {
        throw new IllegalStateException(
            "the change log of " + description + " ends at " + cursor + " before " + published);
      }
      cursor = last;
      return;
    }
    for (int n = 0; n < CHUNK && cursor < published; n++) {
      WatchEvent event = ring.get(cursor + 1);
      if (event == null) {
        return;
      }
      cursor++;
      if (request.matches(event.object().store(), event.object().kind())) {
        hold(event, counted);
      }
    }
  }

  private void hold(WatchEvent event, boolean counted) {
    held.add(event);
    if (counted && ++heldLive > request.queueCapacity()) {
      throw WatchOverflowException.cutOff(description, request.queueCapacity());
    }
  }

  /**
   * The scanner's question after the ring advanced to {@code published}: the thread to unpark, when
   * this watch's poller is parked and a change it has not read is for it (or has left the ring, so
   * only the poller can tell); null otherwise. Records how far no change is for it.
   */
  Thread pollerToWake(long published) {
    long from = Math.max(readThrough, clear);
    long version = from + 1;
    for (; version <= published; version++) {
      WatchEvent event = ring.get(version);
      if (event == null || request.matches(event.object().store(), event.object().kind())) {
        break;
      }
    }
    if (version - 1 > from) {
      clear = version - 1;
    }
    Thread poller = parked;
    if (version > published || poller == null || woken >= version) {
      return null;
    }
    woken = published;
    return poller;
  }

  /**
   * Counts this watch's poller, just woken by the dispatcher, in {@code wave} until a poll finds
   * nothing more to deliver (it has read everything and is about to park or return), or the watch
   * ends.
   */
  void joinWave(WatchHub.Wave wave) {
    wave.add();
    WatchHub.Wave left = this.wave.getAndSet(wave);
    if (left != null) {
      hub.leftWave(left);
    }
  }

  private void leaveWave() {
    WatchHub.Wave left = wave.getAndSet(null);
    if (left != null) {
      hub.leftWave(left);
    }
  }

  @Override
  public void close() {
    hub.remove(this);
    terminate(new UnavailableException(description + " is closed"));
  }

  public WatchRequest request() {
    return request;
  }

  public String description() {
    return description;
  }

  /** Ends the watch with {@code reason} unless it has already ended; wakes a parked poller. */
  void terminate(KnactorException reason) {
    synchronized (this) {
      if (termination == null) {
        termination = reason;
      }
    }
    leaveWave();
    Thread poller = parked;
    if (poller != null) {
      LockSupport.unpark(poller);
    }
  }

  private void throwIfTerminated() {
    KnactorException reason = termination;
    if (reason != null) {
      throw reason;
    }
  }
}
