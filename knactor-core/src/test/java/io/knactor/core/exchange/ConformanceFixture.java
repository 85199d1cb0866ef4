package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks a backend implements and the helpers the conformance tests share. Backends extend
 * {@link ObjectExchangeConformanceTest}, not this class; it is public only so that the hooks are
 * visible to subclasses in other packages.
 */
public abstract class ConformanceFixture {
  protected static final StoreRef CHECKOUT = StoreRef.parse("Shop/v1/Checkout/checkout-a");
  protected static final StoreRef SHIPPING = StoreRef.parse("Shop/v1/Shipping/shipping-a");
  protected static final StoreRef PAYMENT = StoreRef.parse("Shop/v1/Payment/payment-a");

  /** How long a test waits for an event that must come; a correct backend needs milliseconds. */
  protected static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir protected Path dir;

  /** The exchange under test, fresh for every test; closed after it. */
  protected ObjectExchange ex;

  /**
   * Opens a fresh, empty exchange (at version 0). {@code dir} is a new empty temporary directory
   * that a backend may use for its files or ignore.
   */
  protected abstract ObjectExchange newExchange(Path dir);

  /**
   * Closes {@code old} and opens the same exchange again, as a restarted process would, for the
   * durability tests. The default aborts those tests: override it in every durable backend.
   */
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    Assumptions.abort(getClass().getSimpleName() + " declares no reopen hook: not durable");
    return old;
  }

  /**
   * Forces the backend to forget the retained change history up to and including {@code version}
   * (the current version or below), as its retention or compaction eventually would. Afterwards a
   * watch from any version below {@code version} must fail with ExpiredException, and a watch from
   * {@code version} must still deliver every later change. Embedded: trim the change log; etcd:
   * compact at the revision; Redis: trim the change stream.
   */
  protected abstract void compactUpTo(ObjectExchange exchange, long version);

  /** How many versions per object the history of an exchange from {@link #newExchange} keeps. */
  protected abstract int historyLimit();

  @BeforeEach
  void openExchange() {
    ex = newExchange(dir);
  }

  /** Exchanges must tolerate a second close, so tests may close {@link #ex} themselves. */
  @AfterEach
  void closeExchange() {
    if (ex != null) {
      ex.close();
    }
  }

  protected static ObjectKey key(StoreRef store, String kind, String name) {
    return new ObjectKey(store, kind, name);
  }

  /** Parses JSON written with single quotes, for legible tests. */
  protected static ObjectNode json(String singleQuoted) {
    return Json.parseObject(singleQuoted.replace('\'', '"'), "test document");
  }

  protected StoredObject commit(String principal, Write write) {
    return ex.commit(principal, write);
  }

  protected StoredObject create(ObjectKey key, String singleQuoted) {
    return commit("alice", Write.create(key, json(singleQuoted)));
  }

  /** The next {@code count} events, failing when one does not come within {@link #WAIT}. */
  protected static List<WatchEvent> take(Watch watch, int count) throws InterruptedException {
    List<WatchEvent> events = new ArrayList<>();
    while (events.size() < count) {
      WatchEvent event = watch.poll(WAIT);
      assertThat(event)
          .as("event %d of %d; received so far: %s", events.size() + 1, count, events)
          .isNotNull();
      events.add(event);
    }
    return events;
  }

  protected static WatchEvent added(StoredObject object) {
    return new WatchEvent(EventType.ADDED, object);
  }

  protected static WatchEvent modified(StoredObject object) {
    return new WatchEvent(EventType.MODIFIED, object);
  }

  protected static WatchEvent deleted(StoredObject object) {
    return new WatchEvent(EventType.DELETED, object);
  }

  protected static List<Long> versions(List<WatchEvent> events) {
    return events.stream().map(WatchEvent::resourceVersion).toList();
  }
}
