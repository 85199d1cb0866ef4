package io.knactor.server.metrics;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.AdminClient;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
  @TempDir Path dir;

  @Test
  void metricsCountRequestsByRouteAndStatusCommitsAndOpenWatches() throws Exception {
    try (KnactorServer server = TestServers.start(dir)) {
      HttpObjectExchange client = new HttpObjectExchange(server.uri(), ADMIN_TOKEN);
      ObjectKey key = new ObjectKey(StoreRef.parse("M/v1/T/m"), "Item", "a");
      client.commit("x", Write.create(key, Json.object()));
      client.get(new ObjectKey(key.store(), "Item", "missing"));
      new RawHttp(server.uri()).get("/api/v1/version", null);

      try (Watch watch = client.watch(WatchRequest.of(key.store(), null, 0))) {
        String text = new AdminClient(server.uri(), "not-needed-for-metrics").metrics();

        assertThat(text)
            .contains(
                "knactor_http_requests_seconds_count{method=\"POST\",route=\"/api/v1/batch\",status=\"200\"} 1")
            .contains(
                "knactor_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/stores/{store}/objects/{kind}/{name}\",status=\"404\"} 1")
            .contains(
                "knactor_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/version\",status=\"401\"} 1")
            .contains("knactor_commits_total 1.0")
            .contains("knactor_writes_total 1.0")
            .contains("knactor_watches_open 1.0")
            .contains("knactor_watch_overflows_total 0.0")
            .doesNotContain("M/v1/T/m");
      }
    }
  }
}
