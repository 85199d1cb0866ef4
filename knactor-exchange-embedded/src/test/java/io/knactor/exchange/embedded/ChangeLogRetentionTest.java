package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer trims the change log to the configured retention, and the trim survives reopen. */
class ChangeLogRetentionTest {
  private static final ObjectKey ORDER = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "a");
  private static final EmbeddedOptions OPTIONS =
      EmbeddedOptions.defaults().withChangeLogRetention(10);

  @TempDir Path dir;

  @Test
  void watchFromBeyondTheRetainedChangesIsExpired() {
    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir, OPTIONS)) {
      writeChanges(ex, 40);

      assertThatThrownBy(() -> ex.watch(WatchRequest.ofStores(Set.of(), 0)))
          .isInstanceOf(ExpiredException.class);
    }
  }

  @Test
  void watchWithinTheRetainedChangesDeliversThemAll() throws Exception {
    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir, OPTIONS)) {
      writeChanges(ex, 40);
      long from = ex.currentVersion() - 10;

      try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), from))) {
        assertThat(versions(watch, 10)).containsExactlyElementsOf(range(from + 1, 40));
      }
    }
  }

  @Test
  void trimmedChangeLogStaysTrimmedAfterReopen() {
    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir, OPTIONS)) {
      writeChanges(ex, 40);
    }
    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir, OPTIONS)) {
      assertThatThrownBy(() -> ex.watch(WatchRequest.ofStores(Set.of(), 5)))
          .isInstanceOf(ExpiredException.class);
      assertThat(ex.currentVersion()).isEqualTo(40);
    }
  }

  @Test
  void changesWrittenWhileAWatchCatchesUpAreDeliveredOnce() throws Exception {
    try (EmbeddedObjectExchange ex =
        EmbeddedObjectExchange.open(dir, EmbeddedOptions.defaults().withSyncWrites(false))) {
      writeChanges(ex, 3000);
      try (Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), 0))) {
        List<Long> seen = new ArrayList<>(versions(watch, 1500));
        writeChanges(ex, 1000);
        seen.addAll(versions(watch, 2500));

        assertThat(seen).containsExactlyElementsOf(range(1, 4000));
      }
    }
  }

  private static void writeChanges(EmbeddedObjectExchange ex, int count) {
    for (int n = 0; n < count; n++) {
      ex.commit("p", Write.upsert(ORDER, Json.object().put("n", n)));
    }
  }

  private static List<Long> versions(Watch watch, int count) throws InterruptedException {
    List<Long> versions = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      WatchEvent event = watch.poll(Duration.ofSeconds(10));
      assertThat(event).as("event %d of %d", n + 1, count).isNotNull();
      versions.add(event.resourceVersion());
    }
    return versions;
  }

  private static List<Long> range(long first, long last) {
    List<Long> range = new ArrayList<>();
    for (long v = first; v <= last; v++) {
      range.add(v);
    }
    return range;
  }
}
