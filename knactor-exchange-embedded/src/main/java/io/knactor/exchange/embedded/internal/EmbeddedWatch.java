package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A watch in two phases. Catching up, it reads the change log on the polling thread, chunk by
 * chunk, until it has read every change the hub has published; it then joins the hub, which pushes
 * later events into its bounded queue. Joining happens under the hub's lock and only when the log
 * cursor is at or past the hub's published version, and the hub skips events at or below the
 * cursor, so the handover has no gap and no duplicate.
 *
 * <p>{@link #poll} from one thread at a time; {@link #close} from any thread.
 */
public final class EmbeddedWatch implements Watch {
  private static final int CATCH_UP_CHUNK = 1024;

  private final WatchRequest request;
  private final KeyFilter filter;
  private final StoreReader reader;
  private final WatchHub hub;
  private final EventQueue queue;
  private final ArrayDeque<WatchEvent> backlog = new ArrayDeque<>();
  private final String description;
  private long cursor;
  private volatile boolean live;
  private long liveAfter;

  public EmbeddedWatch(WatchRequest request, StoreReader reader, WatchHub hub) {
    this.request = request;
    this.filter = new KeyFilter(request);
    this.reader = reader;
    this.hub = hub;
    this.queue = new EventQueue(request.queueCapacity());
    this.cursor = request.fromVersion();
    this.description = request.describe();
  }

  @Override
  public WatchEvent poll(Duration timeout) throws InterruptedException {
    queue.throwIfTerminated();
    if (!live) {
      try {
        WatchEvent event = catchUp();
        if (event != null) {
          return event;
        }
      } catch (KnactorException e) {
        hub.remove(this);
        queue.terminate(e);
        throw e;
      }
    }
    return queue.poll(timeout);
  }

  private WatchEvent catchUp() {
    while (!live) {
      WatchEvent event = backlog.poll();
      if (event != null) {
        return event;
      }
      queue.throwIfTerminated();
      long last = reader.readChanges(cursor, CATCH_UP_CHUNK, filter, backlog::add, description);
      if (last == cursor) {
        hub.goLive(this, cursor);
      } else {
        cursor = last;
      }
    }
    return backlog.poll();
  }

  @Override
  public void close() {
    hub.remove(this);
    queue.terminate(new UnavailableException(description + " is closed"));
  }

  public WatchRequest request() {
    return request;
  }

  public String description() {
    return description;
  }

  /** Called by the hub, under its lock. */
  void joinLive(long after) {
    liveAfter = after;
    live = true;
  }

  /** Called by the hub, under its lock. */
  long liveAfter() {
    return liveAfter;
  }

  /** Called by the hub, under its lock. */
  boolean offer(List<WatchEvent> events) {
    return queue.offer(events);
  }

  void terminate(KnactorException reason) {
    queue.terminate(reason);
  }
}
