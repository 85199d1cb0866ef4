package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fans committed events out to live watches. The writer thread calls {@link #publish} after each
 * durable commit; it only offers to bounded queues, so a slow watcher never slows the writer or
 * other watchers: it is cut off with a WatchOverflowException instead.
 *
 * <p>Thread-safe: one lock guards the published version and the set of watches; the lock is held
 * while offering, never while a poller waits.
 */
public final class WatchHub {
  private final List<EmbeddedWatch> live = new ArrayList<>();
  private final Set<EmbeddedWatch> open = new HashSet<>();
  private long published;
  private boolean closed;

  public WatchHub(long published) {
    this.published = published;
  }

  /**
   * Tracks a new watch and makes it live at once when it starts at or after the published version.
   *
   * @throws UnavailableException from {@code closedError} when the hub is closed
   */
  public synchronized void register(EmbeddedWatch watch, Supplier<UnavailableException> closed) {
    if (this.closed) {
      throw closed.get();
    }
    open.add(watch);
    goLive(watch, watch.request().fromVersion());
  }

  /** Joins {@code watch} to the live events after {@code cursor} if it has read all published. */
  synchronized boolean goLive(EmbeddedWatch watch, long cursor) {
    if (closed || !open.contains(watch) || cursor < published) {
      return false;
    }
    watch.joinLive(cursor);
    live.add(watch);
    return true;
  }

  /** Publishes the events of one commit group, in version order, ending at {@code version}. */
  public synchronized void publish(List<WatchEvent> events, long version) {
    published = version;
    Iterator<EmbeddedWatch> it = live.iterator();
    while (it.hasNext()) {
      EmbeddedWatch watch = it.next();
      List<WatchEvent> matching = matching(watch, events);
      if (!matching.isEmpty() && !watch.offer(matching)) {
        it.remove();
        open.remove(watch);
        int capacity = watch.request().queueCapacity();
        watch.terminate(
            new WatchOverflowException(
                watch.description()
                    + " fell more than "
                    + capacity
                    + " events behind (queueCapacity "
                    + capacity
                    + ") and was cut off; list again and watch from the list's resourceVersion"));
      }
    }
  }

  synchronized void remove(EmbeddedWatch watch) {
    live.remove(watch);
    open.remove(watch);
  }

  /** Ends every watch with the error {@code reason} supplies; later registrations fail. */
  public void closeAll(Supplier<UnavailableException> reason) {
    List<EmbeddedWatch> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(open);
      open.clear();
      live.clear();
    }
    for (EmbeddedWatch watch : all) {
      watch.terminate(reason.get());
    }
  }

  private static List<WatchEvent> matching(EmbeddedWatch watch, List<WatchEvent> events) {
    WatchRequest request = watch.request();
    long after = watch.liveAfter();
    List<WatchEvent> matching = new ArrayList<>();
    for (WatchEvent event : events) {
      if (event.resourceVersion() > after
          && request.matches(event.object().store(), event.object().kind())) {
        matching.add(event);
      }
    }
    return matching;
  }
}
