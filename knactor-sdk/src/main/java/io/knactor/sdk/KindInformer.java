package io.knactor.sdk;

import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last seen state of every object of one kind of the own store, kept the Kubernetes way:
 * listed, then updated by the events of the store's watch ({@link StoreInformer}), and listed again
 * when that watch cannot continue, turning the difference into changes. Owned by the knactor's
 * thread; not thread-safe.
 */
final class KindInformer {
  private final StoreRef store;
  private final String kind;
  private Map<String, StoredObject> cache = new HashMap<>();
  private long version;
  private boolean listed;
  private boolean mustList = true;

  KindInformer(StoreRef store, String kind) {
    this.store = store;
    this.kind = kind;
  }

  String kind() {
    return kind;
  }

  /** True once the kind has been listed. */
  boolean hasListed() {
    return listed;
  }

  /** True until the kind is listed, and again once its changes may have been missed. */
  boolean mustList() {
    return mustList;
  }

  /** The changes since the last list or event may have been missed: list again. */
  void relist() {
    mustList = true;
  }

  /** The exchange version through which this kind's changes were seen. */
  long version() {
    return version;
  }

  Optional<StoredObject> cached(String name) {
    return Optional.ofNullable(cache.get(name));
  }

  /** Lists the kind, passing on what changed since the cached states. */
  void list(ObjectExchange connection, Consumer<Delivery> sink) {
    ObjectList snapshot = connection.list(ListRequest.of(store, kind));
    Event.Cause cause = listed ? Event.Cause.RELIST : Event.Cause.LIST;
    Map<String, StoredObject> fresh = new HashMap<>();
    for (StoredObject object : snapshot.items()) {
      fresh.put(object.name(), object);
      StoredObject seen = cache.get(object.name());
      if (seen == null) {
        sink.accept(Delivery.of(EventType.ADDED, object, cause));
      } else if (seen.resourceVersion() != object.resourceVersion()) {
        sink.accept(Delivery.of(EventType.MODIFIED, object, cause));
      }
    }
    for (StoredObject seen : cache.values()) {
      if (!fresh.containsKey(seen.name())) {
        sink.accept(Delivery.of(EventType.DELETED, seen, cause));
      }
    }
    cache = fresh;
    version = snapshot.resourceVersion();
    listed = true;
    mustList = false;
  }

  /**
   * Passes on {@code event}, an event of this kind, unless it was seen already.
   *
   * @return whether it was passed on
   */
  boolean accept(WatchEvent event, Consumer<Delivery> sink) {
    StoredObject object = event.object();
    // A resumed watch may repeat what was seen; exchange-wide versions tell.
    if (event.resourceVersion() <= version
        || !object.kind().equals(kind)
        || !object.store().equals(store)) {
      return false;
    }
    if (event.type() == EventType.DELETED) {
      cache.remove(object.name());
    } else {
      cache.put(object.name(), object);
    }
    version = event.resourceVersion();
    sink.accept(Delivery.of(event.type(), object, Event.Cause.WATCH));
    return true;
  }
}
