package io.knactor.exchange.embedded.internal;

import io.knactor.core.exchange.WatchEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest committed events, shared by every watch: an append-only ring indexed by version (every
 * version is exactly one event), holding at most {@code capacity} events and at most {@code
 * maxBytes} of their serialized data. Each watch reads it with its own cursor, so publishing a
 * commit group costs the writer the same with one watch as with thousands, and a watch that falls
 * out of the ring reads the change log instead (the ring is only a window onto it).
 *
 * <p>One thread appends ({@link #append}); any thread reads. A slot holds its event's version, so a
 * reader recognizes an overwritten or evicted slot without locking.
 */
public final class EventRing {
  private final AtomicReferenceArray<WatchEvent> slots;
  private final int[] sizes;
  private final int capacity;
  private final long maxBytes;
  private volatile long published;
  private long oldest;
  private long bytes;

  /**
   * @param published the version the ring starts after (the committed version when the exchange
   *     opens); older events are only in the change log
   */
  public EventRing(int capacity, long maxBytes, long published) {
    if (capacity < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("capacity and maxBytes must be positive");
    }
    this.slots = new AtomicReferenceArray<>(capacity);
    this.sizes = new int[capacity];
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.published = published;
    this.oldest = published + 1;
  }

  /** The version of the last event appended. */
  public long published() {
    return published;
  }

  /**
   * The event of {@code version}, or null when the ring no longer holds it (read the change log).
   * Only for {@code version <= published()}.
   */
  public WatchEvent get(long version) {
    WatchEvent event = slots.get(index(version));
    return event != null && event.resourceVersion() == version ? event : null;
  }

  /**
   * Appends one commit group's events, whose versions follow {@link #published()} without a gap,
   * with the size of each event's serialized data; then makes them visible. The writing leader
   * only.
   */
  public void append(List<WatchEvent> events, int[] dataSizes) {
    long last = published;
    for (int i = 0; i < events.size(); i++) {
      WatchEvent event = events.get(i);
      long version = event.resourceVersion();
      if (version != last + 1) {
        throw new IllegalStateException("event " + version + " does not follow " + last);
      }
      if (version - oldest >= capacity) {
        evictOldest();
      }
      int slot = index(version);
      sizes[slot] = dataSizes[i];
      bytes += dataSizes[i];
      slots.set(slot, event);
      last = version;
      while (bytes > maxBytes && oldest < last) {
        evictOldest();
      }
    }
    published = last;
  }

  private void evictOldest() {
    int slot = index(oldest);
    bytes -= sizes[slot];
    sizes[slot] = 0;
    slots.set(slot, null);
    oldest++;
  }

  private int index(long version) {
    return (int) Long.remainderUnsigned(version, capacity);
  }
}
