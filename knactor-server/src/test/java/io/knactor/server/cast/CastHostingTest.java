package io.knactor.server.cast;

import static io.knactor.server.cast.ShopFixture.ORDERS_TOKEN;
import static io.knactor.server.cast.ShopFixture.SHIPPING_TOKEN;
import static io.knactor.server.cast.ShopFixture.order;
import static io.knactor.server.cast.ShopFixture.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.eval.Provenance;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.runtime.CastState;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.SpecException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.sdk.http.AdminClient;
import io.knactor.sdk.http.ApiAnswer;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import io.knactor.server.registry.CastRecord;
import io.knactor.server.registry.RevisionHistory;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Casts applied to a real server, run as their integrator principals. */
class CastHostingTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final FunctionRegistry TWICE =
      FunctionRegistry.builder()
          .register("twice(int) -> int", args -> (Long) args.get(0) * 2)
          .build();

  @TempDir Path dir;
  KnactorServer server;

  KnactorServer start() {
    server =
        KnactorServer.start(
            ServerConfig.builder()
                .dataDir(dir)
                .port(0)
                .adminToken(TestServers.ADMIN_TOKEN)
                .functions(TWICE)
                .build());
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void appliedCastRunsAsItsIntegratorAndFillsTargetsWithProvenance() {
    start();
    ApplyResult result =
        server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    assertThat(result.items())
        .contains(
            new ApplyResult.Item("Cast", "shop", "created", null),
            new ApplyResult.Item("Principal", "shop", "created", null));

    StoredObject placed = placeOrder("o-1", "lamp", 2, 150);

    StoredObject shipped = awaitObject(shipment("o-1"));
    assertThat(Json.toString(shipped.data()))
        .isEqualTo("{\"item\":\"lamp\",\"qty\":4,\"method\":\"air\"}");
    await()
        .atMost(WAIT)
        .until(() -> get(order("o-1")).data().path("shipMethod").asText().equals("air"));
    assertThat(get(order("o-1")).data().path("label").asText()).isEqualTo("#lamp");
    ObjectRevision written = history(shipment("o-1")).get(0);
    assertThat(written.principal()).isEqualTo("shop");
    Provenance provenance = Provenance.fromAnnotations(written.annotations()).orElseThrow();
    assertThat(provenance.integrator()).isEqualTo("shop");
    assertThat(provenance.revision()).isEqualTo(1);
    assertThat(provenance.fields().get("item").sources())
        .containsEntry(placed.key().toString(), placed.resourceVersion());
  }

  @Test
  void castWithErrorsIsRefusedWithEveryProblemAndTheRunningRevisionKeepsRunning() {
    start();
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    String bad =
        """
        kind: Cast
        name: shop
        input:
          O: Shop/v1/Orders/orders
          S: Shop/v1/Shipping/shipping
        dxg:
          S.shipment:
            item: O.order.itme
            trackingId: O.order.item
            method: Q.order.total
        """;

    assertThatThrownBy(() -> server.admin().apply(bad))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "document 1:8:19: error: S.shipment.item: unknown field 'itme' in O.order"
                + " (Shop/v1/Orders/Order)")
        .hasMessageContaining(
            "document 1:9:5: error: S.shipment.trackingId: S.shipment.trackingId is not marked"
                + " '+kr: external'")
        .hasMessageContaining("document 1:10:13: error: S.shipment.method: unknown alias 'Q'");

    CastRecord cast = server.admin().casts().get(0);
    assertThat(cast.current()).isEqualTo(1);
    assertThat(cast.revisions()).hasSize(1);
    placeOrder("o-2", "desk", 1, 50);
    assertThat(awaitObject(shipment("o-2")).data().path("method").asText()).isEqualTo("ground");
  }

  @Test
  void newRevisionTakesOverLiveAndRollbackRunsAKeptRevisionAsANewOne() {
    start();
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    for (int i = 0; i < 10; i++) {
      placeOrder("o-" + i, "item" + i, 1, 50);
    }
    await().atMost(WAIT).until(() -> methods().stream().filter("ground"::equals).count() == 10);

    ApplyResult applied = server.admin().apply(ShopFixture.cast(10));
    for (int i = 10; i < 20; i++) {
      placeOrder("o-" + i, "item" + i, 1, 50);
    }

    assertThat(applied.items())
        .containsExactly(new ApplyResult.Item("Cast", "shop", "configured", null));
    await().atMost(WAIT).until(() -> methods().stream().filter("air"::equals).count() == 20);
    await().atMost(WAIT).until(() -> state().revision() == 2);
    for (int i = 0; i < 20; i++) {
      List<ObjectRevision> history = history(shipment("o-" + i));
      // Existing keys: once by revision 1, once by 2. Keys written while the switch was under way
      // went to whichever revision consumed them, and revision 2 then set what it changes.
      assertThat(history).hasSizeBetween(i < 10 ? 2 : 1, 2);
      assertThat(history.get(history.size() - 1).annotations())
          .containsEntry(Provenance.REVISION, "2");
    }

    CastRecord rolled = server.admin().rollbackCast("shop", null);

    assertThat(rolled.current()).isEqualTo(3);
    assertThat(rolled.currentRevision().cause()).isEqualTo("rollback to revision 1");
    assertThat(rolled.currentRevision().source()).isEqualTo(ShopFixture.cast(100));
    await().atMost(WAIT).until(() -> methods().stream().filter("ground"::equals).count() == 20);
    assertThat(server.admin().rollbackCast("shop", 2L).current()).isEqualTo(4);
    await().atMost(WAIT).until(() -> methods().stream().filter("air"::equals).count() == 20);
    assertThatThrownBy(() -> server.admin().rollbackCast("shop", 9L))
        .hasMessage("revision 9 of cast 'shop' is not kept (kept: 1, 2, 3, 4)");
  }

  @Test
  void historyLimitKeepsTheLatestRevisions() {
    start();
    server.admin().apply(ShopFixture.REGISTRY);
    for (int threshold = 1; threshold <= 4; threshold++) {
      server
          .admin()
          .apply(
              ShopFixture.cast(threshold)
                  .replace("name: shop\n", "name: shop\nrevisionHistoryLimit: 2\n"));
    }

    CastRecord cast = server.admin().casts().get(0);
    assertThat(cast.current()).isEqualTo(4);
    assertThat(cast.revisions())
        .extracting(RevisionHistory.Revision::revision)
        .containsExactly(3L, 4L);
  }

  @Test
  void throwingFunctionMarksTheFieldFailedInStatusAndHistoryAndTheCastGoesOn() throws Exception {
    start();
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    AdminClient admin = new AdminClient(server.uri(), TestServers.ADMIN_TOKEN);

    placeOrder("o-1", "boom", 1, 500);
    placeOrder("o-2", "fine", 1, 5);

    await().atMost(WAIT).until(() -> failures(admin).size() == 1);
    ObjectNode failure = (ObjectNode) failures(admin).get(0);
    assertThat(Json.toString(failure))
        .isEqualTo(
            "{\"key\":\"o-1\",\"field\":\"O.order.label\",\"message\":\"tag failed: cannot tag 'boom'\","
                + "\"revision\":1}");
    // The failing key's other rules, and other keys, went on.
    assertThat(awaitObject(shipment("o-1")).data().path("method").asText()).isEqualTo("air");
    await()
        .atMost(WAIT)
        .until(() -> get(order("o-2")).data().path("label").asText().equals("#fine"));
    assertThat(server.admin().casts().get(0).current()).isEqualTo(1);

    orders()
        .commit(
            "orders",
            Write.patch(
                order("o-1"), Write.ANY_VERSION, Json.parseObject("{\"item\":\"ok\"}", "t")));

    await().atMost(WAIT).until(() -> failures(admin).isEmpty());
    assertThat(get(order("o-1")).data().path("label").asText()).isEqualTo("#ok");
    List<ObjectRevision> stateHistory = server.connectAs("admin").history(CastState.keyOf("shop"));
    assertThat(stateHistory).anyMatch(r -> Json.toString(r.data()).contains("cannot tag 'boom'"));
    assertThat(Json.toString(stateHistory.get(stateHistory.size() - 1).data()))
        .doesNotContain("boom");
  }

  @Test
  void aKeyWhoseWritesWereRefusedIsEvaluatedInFullOnItsNextChange() {
    start();
    // The shipment o-1 exists with a field that a later schema drops: the cast's writes to it are
    // refused until the shipment is fixed.
    server
        .admin()
        .apply(
            ShopFixture.REGISTRY.replace("trackingId: string", "trackingId: string\nnote: string"));
    server
        .connect(SHIPPING_TOKEN)
        .commit(
            "shipping",
            Write.create(shipment("o-1"), Json.parseObject("{\"note\":\"fragile\"}", "t")));
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    AdminClient admin = new AdminClient(server.uri(), TestServers.ADMIN_TOKEN);
    placeOrder("o-1", "lamp", 1, 500);
    await().atMost(WAIT).until(() -> !failures(admin).isEmpty());
    assertThat(failures(admin).get(0).path("message").asText())
        .contains("write refused")
        .contains("unknown field 'note'");

    // Fixing the shipment changes no field the shipment's rules read, yet they run again.
    server
        .connectAs("admin")
        .commit(
            "admin",
            Write.patch(
                shipment("o-1"), Write.ANY_VERSION, Json.parseObject("{\"note\":null}", "t")));

    await().atMost(WAIT).until(() -> failures(admin).isEmpty());
    assertThat(Json.toString(get(shipment("o-1")).data()))
        .isEqualTo("{\"item\":\"lamp\",\"qty\":2,\"method\":\"air\"}");
  }

  @Test
  void serverRefusesAnIntegratorWriteOutsideWhatItsCastGrants() {
    start();
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    placeOrder("o-1", "lamp", 1, 5);
    awaitObject(shipment("o-1"));
    ObjectExchange asCast = server.connectAs("shop");

    assertThatThrownBy(
            () ->
                asCast.commit(
                    "shop",
                    Write.patch(
                        order("o-1"), Write.ANY_VERSION, Json.parseObject("{\"total\":1.0}", "t"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'shop' may not write field 'total' of Shop/v1/Orders/orders/Order/o-1:"
                + " its grant covers only label, shipMethod");
    assertThatThrownBy(
            () ->
                asCast.commit(
                    "shop",
                    Write.patch(
                        shipment("o-1"),
                        Write.ANY_VERSION,
                        Json.parseObject("{\"trackingId\":\"t-1\"}", "t"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("may not write field 'trackingId'");
    assertThatThrownBy(
            () -> asCast.get(new ObjectKey(CastState.storeOf("other"), "CastState", "state")))
        .hasMessage("unknown store 'Knactor/v1/Cast/other'");
    assertThat(asCast.get(CastState.keyOf("shop"))).isPresent();
  }

  @Test
  void restartResumesEveryCastFromItsStoredPosition() {
    start();
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    placeOrder("o-1", "lamp", 1, 5);
    awaitObject(shipment("o-1"));
    await().atMost(WAIT).until(() -> state().position() >= get(order("o-1")).resourceVersion());
    server.close();

    start();
    placeOrder("o-2", "desk", 1, 500);

    assertThat(awaitObject(shipment("o-2")).data().path("method").asText()).isEqualTo("air");
    AdminClient admin = new AdminClient(server.uri(), TestServers.ADMIN_TOKEN);
    ApiAnswer status = admin.send("GET", "/api/v1/casts/shop", null, null);
    assertThat(status.body().path("resyncs").asLong()).isZero();
    assertThat(status.body().path("phase").asText()).isEqualTo("running");
    assertThat(history(shipment("o-1"))).hasSize(1);
  }

  @Test
  void deletedCastStopsLeavesWhatItWroteAndStartsAfreshWhenAppliedAgain() {
    start();
    server.admin().apply(ShopFixture.REGISTRY + "---\n" + ShopFixture.cast(100));
    placeOrder("o-1", "lamp", 1, 50);
    awaitObject(shipment("o-1"));
    await().atMost(WAIT).until(() -> state().position() >= get(order("o-1")).resourceVersion());
    AdminClient admin = new AdminClient(server.uri(), TestServers.ADMIN_TOKEN);

    ApiAnswer deleted = admin.send("DELETE", "/api/v1/casts/shop", null, null);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().path("message").asText())
        .isEqualTo("cast 'shop' deleted; what it wrote stays");
    assertThat(server.admin().casts()).isEmpty();
    assertThat(CastState.load(server.connectAs("admin"), "shop")).isEmpty();
    assertThatThrownBy(() -> admin.send("GET", "/api/v1/casts/shop", null, null))
        .isInstanceOf(NotFoundException.class);
    assertThat(get(shipment("o-1")).data().path("method").asText()).isEqualTo("ground");
    placeOrder("o-2", "desk", 1, 50);

    server.admin().apply(ShopFixture.cast(10));

    await().atMost(WAIT).until(() -> methods().equals(List.of("air", "air")));
    assertThat(server.admin().casts().get(0).current()).isEqualTo(1);
    List<ObjectRevision> o2 = history(shipment("o-2"));
    assertThat(o2).as("o-2 written only by the cast applied again").hasSize(1);
    assertThat(o2.get(0).annotations()).containsEntry(Provenance.REVISION, "1");
    assertThatThrownBy(() -> admin.send("DELETE", "/api/v1/casts/nope", null, null))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no cast 'nope'");
    assertThatThrownBy(
            () ->
                new AdminClient(server.uri(), ORDERS_TOKEN)
                    .send("DELETE", "/api/v1/casts/shop", null, null))
        .isInstanceOf(ForbiddenException.class);
    assertThat(server.admin().casts()).hasSize(1);
  }

  StoredObject placeOrder(String name, String item, int qty, double total) {
    return orders()
        .commit(
            "orders",
            Write.upsert(
                order(name),
                Json.parseObject(
                    "{\"item\":\"" + item + "\",\"qty\":" + qty + ",\"total\":" + total + "}",
                    "order")));
  }

  ObjectExchange orders() {
    return server.connect(ORDERS_TOKEN);
  }

  List<String> methods() {
    return server
        .connect(SHIPPING_TOKEN)
        .list(io.knactor.core.exchange.ListRequest.of(ShopFixture.SHIPPING, "Shipment"))
        .items()
        .stream()
        .map(o -> o.data().path("method").asText())
        .toList();
  }

  CastState state() {
    return CastState.load(server.connectAs("admin"), "shop").orElseThrow();
  }

  static com.fasterxml.jackson.databind.JsonNode failures(AdminClient admin) {
    return admin.send("GET", "/api/v1/casts/shop", null, null).body().path("failures");
  }

  StoredObject get(ObjectKey key) {
    Optional<StoredObject> object = server.connectAs("admin").get(key);
    return object.orElse(null);
  }

  StoredObject awaitObject(ObjectKey key) {
    return await().atMost(WAIT).until(() -> get(key), o -> o != null);
  }

  List<ObjectRevision> history(ObjectKey key) {
    return server.connectAs("admin").history(key);
  }
}
