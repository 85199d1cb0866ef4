package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two clients of one exchange (same server, same prefix) share its versions and its watches. */
class SharedExchangeTest {
  private static final ObjectKey ORDER =
      ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");

  @Test
  void aChangeCommittedByOneClientReachesTheOthersWatchAndVersionsInterleave() throws Exception {
    RedisOptions options = RedisServerProcess.shared().options("shared");
    try (RedisObjectExchange first = RedisObjectExchange.open(options);
        RedisObjectExchange second = RedisObjectExchange.open(options);
        Watch watch = second.watch(WatchRequest.ofStores(Set.of(), 0))) {
      StoredObject created = first.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));
      StoredObject patched =
          second.commit(
              "bob", Write.patch(ORDER, created.resourceVersion(), Json.object().put("n", 2)));

      List<WatchEvent> events = WatchEvents.take(watch, 2, Duration.ofSeconds(10));

      assertThat(events)
          .containsExactly(
              new WatchEvent(EventType.ADDED, created),
              new WatchEvent(EventType.MODIFIED, patched));
      assertThat(patched.resourceVersion()).isEqualTo(created.resourceVersion() + 1);
      assertThat(first.get(ORDER)).contains(patched);
      assertThat(first.currentVersion()).isEqualTo(second.currentVersion()).isEqualTo(2);
    }
  }
}
