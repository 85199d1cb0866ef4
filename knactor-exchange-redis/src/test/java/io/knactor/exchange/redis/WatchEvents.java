package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Takes events from a watch in tests. */
final class WatchEvents {
  private WatchEvents() {}

  /** The next {@code count} events, failing when one does not come within {@code wait}. */
  static List<WatchEvent> take(Watch watch, int count, Duration wait) throws InterruptedException {
    List<WatchEvent> events = new ArrayList<>();
    while (events.size() < count) {
      WatchEvent event = watch.poll(wait);
      assertThat(event).as("event %d of %d", events.size() + 1, count).isNotNull();
      events.add(event);
    }
    return events;
  }
}
