package io.knactor.core.exchange;

import io.knactor.core.model.StoreRef;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which changes to watch: those after exchange version {@code fromVersion} in the given stores (all
 * stores when empty), optionally of one kind.
 *
 * @param queueCapacity how many undelivered events the watch may hold; a watcher that falls further
 *     behind is cut off with a WatchOverflowException rather than slowing anyone else
 */
public record WatchRequest(Set<StoreRef> stores, String kind, long fromVersion, int queueCapacity) {
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  public WatchRequest {
    stores = stores == null ? Set.of() : Set.copyOf(stores);
    if (fromVersion < 0) {
      throw new IllegalArgumentException("fromVersion must be >= 0");
    }
    if (queueCapacity <= 0) {
      throw new IllegalArgumentException("queueCapacity must be > 0");
    }
  }

  public static WatchRequest of(StoreRef store, String kind, long fromVersion) {
    return new WatchRequest(Set.of(store), kind, fromVersion, DEFAULT_QUEUE_CAPACITY);
  }

  public static WatchRequest ofStores(Set<StoreRef> stores, long fromVersion) {
    return new WatchRequest(stores, null, fromVersion, DEFAULT_QUEUE_CAPACITY);
  }

  public WatchRequest withQueueCapacity(int capacity) {
    return new WatchRequest(stores, kind, fromVersion, capacity);
  }

  /** Names the watch in messages: {@code watch of all stores} or {@code watch of A, B kind K}. */
  public String describe() {
    String names =
        stores.isEmpty()
            ? "all stores"
            : stores.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    return "watch of " + names + (kind == null ? "" : " kind " + kind);
  }

  /** True when an event on {@code store} of {@code kind} matches this request. */
  public boolean matches(StoreRef store, String kind) {
    return (stores.isEmpty() || stores.contains(store))
        && (this.kind == null || this.kind.equals(kind));
  }
}
