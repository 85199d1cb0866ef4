package io.knactor.exchange.embedded.internal;

import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Appends modifications of one order object to an {@link EventRing}, for the ring's tests. */
final class RingEvents {
  static final ObjectKey ORDER = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "a");

  private RingEvents() {}

  /** Appends one event per version, each counted as {@code size} bytes of data. */
  static void append(EventRing ring, int size, long... versions) {
    List<WatchEvent> events = new ArrayList<>();
    for (long version : versions) {
      StoredObject object =
          new StoredObject(ORDER, Map.of(), version, Json.object().put("v", version));
      events.add(new WatchEvent(EventType.MODIFIED, object));
    }
    int[] sizes = new int[versions.length];
    Arrays.fill(sizes, size);
    ring.append(events, sizes);
  }
}
