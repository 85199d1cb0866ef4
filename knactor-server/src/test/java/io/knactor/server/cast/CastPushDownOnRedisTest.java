package io.knactor.server.cast;

import static io.knactor.server.cast.ShopFixture.ORDERS_TOKEN;
import static io.knactor.server.cast.ShopFixture.order;
import static io.knactor.server.cast.ShopFixture.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.redis.RedisObjectExchange;
import io.knactor.exchange.redis.RedisServerProcess;
import io.knactor.sdk.http.AdminClient;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server on Redis pushes a simple Cast down, and takes it back when a revision is not simple. */
class CastPushDownOnRedisTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SIMPLE =
      """
      kind: Cast
      name: shop
      input:
        O: Shop/v1/Orders/orders
        S: Shop/v1/Shipping/shipping
      dxg:
        S.shipment:
          item: O.order.item
          qty: O.order.qty
          method: 'O.order.total > 100.0 ? "air" : "ground"'
      """;

  @TempDir Path dir;
  KnactorServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSimpleCastIsPushedDownAndAnotherRevisionFallsBackToTheRuntime() {
    server =
        KnactorServer.start(
            ServerConfig.builder().dataDir(dir).port(0).adminToken(TestServers.ADMIN_TOKEN).build(),
            RedisObjectExchange.open(RedisServerProcess.shared().options("server-pushdown")));
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + SIMPLE);
    AdminClient admin = new AdminClient(server.uri(), TestServers.ADMIN_TOKEN);
    await().atMost(WAIT).until(() -> phase(admin).equals("pushed-down"));
    assertThat(admin.send("GET", "/api/v1/casts/shop", null, null).body().path("pushDown").asText())
        .isEqualTo("pushed down: 3 rule(s) pushed down");

    placeOrder("o-1", "lamp", 2, 150);
    // Pushed down, the shipment is written in the same call as the order: no waiting.
    assertThat(Json.toString(get(shipment("o-1")).orElseThrow().data()))
        .isEqualTo("{\"item\":\"lamp\",\"qty\":2,\"method\":\"air\"}");

    // shipMethod reads a field another rule fills: the revision runs in the runtime.
    server.admin().apply(SIMPLE + "  O.order:\n    shipMethod: S.shipment.method\n");
    await().atMost(WAIT).until(() -> phase(admin).equals("running"));
    placeOrder("o-2", "desk", 1, 50);
    await()
        .atMost(WAIT)
        .until(
            () -> get(order("o-2")).map(o -> o.data().path("shipMethod").asText()).orElse(""),
            "ground"::equals);
    assertThat(get(order("o-1")).orElseThrow().data().path("shipMethod").asText()).isEqualTo("air");
  }

  private static String phase(AdminClient admin) {
    return admin.send("GET", "/api/v1/casts/shop", null, null).body().path("phase").asText();
  }

  private void placeOrder(String name, String item, int qty, double total) {
    server
        .connect(ORDERS_TOKEN)
        .commit(
            "orders",
            Write.upsert(
                order(name),
                Json.parseObject(
                    "{\"item\":\"" + item + "\",\"qty\":" + qty + ",\"total\":" + total + "}",
                    "order")));
  }

  private Optional<StoredObject> get(ObjectKey key) {
    return server.connectAs("admin").get(key);
  }
}
