package io.knactor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSmokeTest {
  @TempDir Path dir;

  @Test
  void writesReadsAndWatchesThroughHttp() throws Exception {
    try (KnactorServer server = TestServers.start(dir);
        HttpObjectExchange client = new HttpObjectExchange(server.uri(), TestServers.ADMIN_TOKEN)) {
      StoreRef store = StoreRef.parse("A/v1/T/i");
      ObjectKey key = new ObjectKey(store, "Order", "o-1");
      try (Watch watch = client.watch(WatchRequest.of(store, null, client.currentVersion()))) {
        var created = client.commit("x", Write.create(key, Json.parseObject("{\"a\":1}", "t")));
        assertThat(created.resourceVersion()).isEqualTo(1);
        assertThat(client.get(key)).get().extracting(o -> o.data().get("a").asInt()).isEqualTo(1);
        assertThat(client.list(ListRequest.all(store)).items()).hasSize(1);
        WatchEvent event = watch.poll(Duration.ofSeconds(5));
        assertThat(event.type()).isEqualTo(EventType.ADDED);
        assertThat(event.resourceVersion()).isEqualTo(1);
        assertThat(client.history(key).get(0).principal()).isEqualTo("admin");
      }
    }
  }
}
