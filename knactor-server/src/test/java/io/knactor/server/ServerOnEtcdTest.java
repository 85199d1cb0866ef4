package io.knactor.server;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.etcd.EtcdCluster;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RawHttp.Answer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on an etcd object exchange chosen by {@code --objects etcd://...}: the HTTP API works,
 * watches deliver, and a server started again on the same etcd prefix finds its objects.
 */
class ServerOnEtcdTest {
  static final String ITEMS = "/api/v1/stores/Shop/v1/Cart/c1/objects/Item";

  @TempDir Path dir;
  EtcdCluster etcd;

  @BeforeEach
  void startEtcd() {
    etcd = EtcdCluster.start(dir.resolve("etcd"), 1);
  }

  @AfterEach
  void stopEtcd() {
    etcd.close();
  }

  @Test
  void serverStoresWatchesAndFindsItsObjectsAgainOnEtcd() throws Exception {
    URI objects = etcd.uri("prefix=/server");
    String[] args = {
      "--data-dir", dir.resolve("data").toString(),
      "--admin-token", ADMIN_TOKEN,
      "--objects", objects.toString()
    };
    try (KnactorServer server = KnactorServer.start(Main.parse(args))) {
      RawHttp http = new RawHttp(server.uri());
      HttpObjectExchange client = new HttpObjectExchange(server.uri(), ADMIN_TOKEN);
      try (Watch watch =
          client.watch(
              WatchRequest.of(
                  StoreRef.parse("Shop/v1/Cart/c1"), "Item", client.currentVersion()))) {
        Answer created = http.put(ITEMS + "/a", ADMIN_TOKEN, "{\"data\":{\"n\":1}}");

        assertThat(created.status()).isEqualTo(201);
        WatchEvent event = watch.poll(Duration.ofSeconds(10));
        assertThat(event).isNotNull();
        assertThat(event.object().data().get("n").asInt()).isEqualTo(1);
      }
    }

    try (KnactorServer again = KnactorServer.start(Main.parse(args))) {
      Answer read = new RawHttp(again.uri()).get(ITEMS + "/a", ADMIN_TOKEN);

      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json().get("data").get("n").asInt()).isEqualTo(1);
    }
  }
}
