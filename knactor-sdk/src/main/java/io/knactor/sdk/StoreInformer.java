package io.knactor.sdk;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the handled kinds of the own store: lists each kind ({@link KindInformer}), then watches
 * them all with one watch (of that kind when there is one, else of the whole store), so that the
 * knactor's thread, waiting on that one watch, wakes at once for a change of any kind. A dropped
 * watch resumes from the last version it delivered after a backoff; an expired or overflowing one
 * lists every kind again and turns the difference into changes. Owned by the knactor's thread; not
 * thread-safe.
 */
final class StoreInformer {
  private static final Logger log = LoggerFactory.getLogger(StoreInformer.class);

  private final StoreRef store;
  private final ObjectExchange connection;
  private final Settings settings;
  private final Map<String, KindInformer> kinds = new LinkedHashMap<>();
  private Watch watch;
  private long position;
  private int failures;
  private long retryAtNanos;

  StoreInformer(
      StoreRef store, Collection<String> kinds, ObjectExchange connection, Settings settings) {
    this.store = store;
    this.connection = connection;
    this.settings = settings;
    kinds.forEach(kind -> this.kinds.put(kind, new KindInformer(store, kind)));
    this.retryAtNanos = System.nanoTime();
  }

  /** True once every kind has been listed. */
  boolean hasListed() {
    return kinds.values().stream().allMatch(KindInformer::hasListed);
  }

  boolean isWatching() {
    return watch != null;
  }

  /** Nanoseconds until the next connection attempt; 0 or less when due, MAX_VALUE if watching. */
  long nanosToConnect(long now) {
    return watch != null ? Long.MAX_VALUE : retryAtNanos - now;
  }

  Optional<StoredObject> cached(String kind, String name) {
    KindInformer informer = kinds.get(kind);
    return informer == null ? Optional.empty() : informer.cached(name);
  }

  /** Lists the kinds that need it, then opens the watch; failures are logged and retried later. */
  void connect(Consumer<Delivery> sink) {
    String listing = null;
    try {
      boolean listed = false;
      for (KindInformer informer : kinds.values()) {
        if (informer.mustList()) {
          listing = informer.kind();
          informer.list(connection, sink);
          listed = true;
        }
      }
      listing = null;
      if (listed) {
        // Every kind has seen its changes through its own version; the oldest is where the
        // watch must start (an event a kind has seen is dropped by that kind).
        position = kinds.values().stream().mapToLong(KindInformer::version).min().orElse(0);
      }
      watch = connection.watch(request(position));
    } catch (ExpiredException | WatchOverflowException e) {
      lost(e);
    } catch (RuntimeException e) {
      failed(listing == null ? "watching" : "listing " + listing, e);
    }
  }

  private WatchRequest request(long fromVersion) {
    String kind = kinds.size() == 1 ? kinds.keySet().iterator().next() : null;
    return WatchRequest.of(store, kind, fromVersion)
        .withQueueCapacity(settings.watchQueueCapacity());
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
        position = Math.max(position, event.resourceVersion());
        KindInformer informer = kinds.get(event.object().kind());
        if (informer != null && informer.accept(event, sink)) {
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

  /** The watch cannot continue from the last seen version: list every kind again. */
  private void lost(RuntimeException e) {
    close();
    kinds.values().forEach(KindInformer::relist);
    failures++;
    // Relist at once; only repeated losses without a successful poll in between back off.
    long delay = failures == 1 ? 0 : settings.reconnectBackoff().delay(failures - 1).toNanos();
    retryAtNanos = System.nanoTime() + delay;
    log.info(
        "{} {}: watch from version {} ended ({}); listing again",
        store,
        kinds.keySet(),
        position,
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
      kinds.keySet(),
      what,
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
