package io.knactor.sdk;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one kind of the own store the Kubernetes way: list, then watch from the list's version,
 * keeping the last seen state of every object. A dropped watch resumes from the last seen version
 * after a backoff; an expired or overflowing one lists again and turns the difference into changes.
 * Owned by the knactor's thread; not thread-safe.
 */
final class KindInformer {
  private static final Logger log = LoggerFactory.getLogger(KindInformer.class);

  private final StoreRef store;
  private final String kind;
  private final ObjectExchange connection;
  private final Settings settings;
  private Map<String, StoredObject> cache = new HashMap<>();
  private long version;
  private boolean listed;
  private boolean mustList = true;
  private Watch watch;
  private int failures;
  private long retryAtNanos;

  KindInformer(StoreRef store, String kind, ObjectExchange connection, Settings settings) {
    this.store = store;
    this.kind = kind;
    this.connection = connection;
    this.settings = settings;
    this.retryAtNanos = System.nanoTime();
  }

  /** True once the kind has been listed. */
  boolean hasListed() {
    return listed;
  }

  boolean isWatching() {
    return watch != null;
  }

  /** Nanoseconds until the next connection attempt; 0 or less when due, MAX_VALUE if watching. */
  long nanosToConnect(long now) {
    return watch != null ? Long.MAX_VALUE : retryAtNanos - now;
  }

  Optional<StoredObject> cached(String name) {
    return Optional.ofNullable(cache.get(name));
  }

  /** Lists if needed, then opens the watch; failures are logged and retried after a backoff. */
  void connect(Consumer<Delivery> sink) {
    try {
      if (mustList) {
        list(sink);
      }
      watch =
          connection.watch(
              WatchRequest.of(store, kind, version)
                  .withQueueCapacity(settings.watchQueueCapacity()));
    } catch (ExpiredException | WatchOverflowException e) {
      lost(e);
    } catch (RuntimeException e) {
      failed("watching", e);
    }
  }

  /**
   * Passes on the changes the watch holds, waiting up to {@code timeout} for the first.
   *
   * @return how many changes were passed on
   */
  int drain(Consumer<Delivery> sink, Duration timeout, int max) throws InterruptedException {
    int count = 0;
    Duration wait = timeout;
    try {
      while (watch != null && count < max) {
        WatchEvent event = watch.poll(wait);
        failures = 0;
        if (event == null) {
          break;
        }
        wait = Duration.ZERO;
        if (accept(event, sink)) {
          count++;
        }
      }
    } catch (ExpiredException | WatchOverflowException e) {
      lost(e);
    } catch (RuntimeException e) {
      failed("watching", e);
    }
    return count;
  }

  void close() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
  }

  private void list(Consumer<Delivery> sink) {
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

  private boolean accept(WatchEvent event, Consumer<Delivery> sink) {
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

  /** The watch cannot continue from the last seen version: list again. */
  private void lost(RuntimeException e) {
    close();
    mustList = true;
    failures++;
    // Relist at once; only repeated losses without a successful poll in between back off.
    long delay = failures == 1 ? 0 : settings.reconnectBackoff().delay(failures - 1).toNanos();
    retryAtNanos = System.nanoTime() + delay;
    log.info(
        "{} {}: watch from version {} ended ({}); listing again",
        store,
        kind,
        version,
        e.getMessage());
  }

  private void failed(String what, RuntimeException e) {
    close();
    failures++;
    Duration delay = settings.reconnectBackoff().delay(failures);
    retryAtNanos = System.nanoTime() + delay.toNanos();
    String message = "{} {}: {} failed ({}: {}); retry {} in {} ms";
    Object[] args = {
      store,
      kind,
      mustList ? "listing" : what,
      e.getClass().getSimpleName(),
      e.getMessage(),
      failures,
      delay.toMillis()
    };
    if (e instanceof KnactorException) {
      log.warn(message, args);
    } else {
      // Not an answer of the exchange: the stack trace is what a person needs (slf4j logs a
      // trailing Throwable argument with its stack trace).
      log.warn(message, append(args, e));
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }
}
