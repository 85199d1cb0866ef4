package io.knactor.exchange.redis.pushdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.eval.Provenance;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.runtime.CastRuntime;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.core.schema.SchemaParser;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.redis.RedisObjectExchange;
import io.knactor.exchange.redis.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the same Cast with push-down into Redis, without it on Redis, and on the embedded exchange,
 * over the same source writes, and compares the target objects.
 */
class PushDownEquivalenceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static final String CHECKOUT = "Shop/v1/Checkout/checkout";
  private static final String SHIPPING = "Shop/v1/Shipping/shipping";

  private static final SchemaCatalog SCHEMAS =
      SchemaCatalog.of(
          SchemaParser.parse(
              """
              schema: Shop/v1/Checkout/Order
              address: string
              cost: number
              express: boolean
              quantity: integer
              """),
          SchemaParser.parse(
              """
              schema: Shop/v1/Shipping/Shipment
              id: string
              addr: string # +kr: external
              method: string # +kr: external
              priority: boolean # +kr: external
              count: integer # +kr: external
              label: string # +kr: external
              quote:
                carrier: string # +kr: external
                price: number
              meta: object
              """));

  static final String SPEC =
      """
      kind: Cast
      name: ship
      input:
        C: Shop/v1/Checkout/checkout
        S: Shop/v1/Shipping/shipping
      dxg:
        S.shipment:
          addr: C.order.address
          method: 'C.order.cost > 1000.0 ? "air" : "ground"'
          priority: C.order.express && C.order.cost >= 500
          count: C.order.quantity
          label: 'C.order.express ? "express" : C.order.address'
          quote.carrier: '!C.order.express ? "post" : "courier"'
      """;

  @TempDir Path dir;

  @Test
  void pushedDownRunsGiveTheSameTargetsAsTheRuntime() {
    CompiledCast cast = compile(SPEC);
    Map<String, ObjectNode> embedded;
    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir.resolve("embedded"))) {
      embedded = run(ex, cast, false);
    }
    Map<String, ObjectNode> redis;
    try (RedisObjectExchange ex = redis()) {
      redis = run(ex, cast, false);
    }
    Map<String, ObjectNode> pushed;
    try (RedisObjectExchange ex = redis()) {
      pushed = run(ex, cast, true);
    }
    assertThat(pushed).isEqualTo(redis).isEqualTo(embedded);
    assertThat(pushed.get("o-1").toString())
        .isEqualTo(
            "{\"addr\":\"2 Side St\",\"method\":\"ground\",\"priority\":true,\"count\":2,"
                + "\"label\":\"express\",\"quote\":{\"carrier\":\"courier\"}}");
    // o-2 has no 'express': the rules reading it are pending, except the && that is false anyway.
    assertThat(pushed.get("o-2").has("label")).isFalse();
    assertThat(pushed.get("o-2").get("priority").asBoolean()).isFalse();
    // The shipment o-3 existed with values Redis's cjson would have changed.
    assertThat(pushed.get("o-3").get("meta").isObject()).isTrue();
    assertThat(pushed.get("o-3").get("big").toString()).isEqualTo("123456789012345678901234567890");
    assertThat(pushed.get("o-3").get("tags").isArray()).isTrue();
    assertThat(pushed.get("o-6").get("addr").asText()).isEqualTo("Ünïcödé \"quoted\" \\ st\n2");
  }

  @Test
  void pushedDownWritesCarryTheRuntimesProvenanceInTheSameCall() {
    try (RedisObjectExchange ex = redis();
        CastRuntime runtime = CastRuntime.start(ex, compile(SPEC), ex)) {
      await().atMost(WAIT).until(runtime::pushedDown);
      long before = ex.currentVersion();
      ex.commit(new WriteBatch("shop", List.of(Write.create(order("o-9"), order("9 Road", 5.0)))));
      // One call: the order and the shipment it causes are both committed when commit returns.
      assertThat(ex.currentVersion()).isEqualTo(before + 2);
      StoredObject shipment = ex.get(shipment("o-9")).orElseThrow();
      assertThat(shipment.resourceVersion()).isEqualTo(before + 2);
      ObjectRevision revision = ex.history(shipment("o-9")).get(0);
      assertThat(revision.principal()).isEqualTo("ship");
      Provenance provenance = Provenance.fromAnnotations(revision.annotations()).orElseThrow();
      assertThat(provenance.integrator()).isEqualTo("ship");
      assertThat(provenance.fields().get("addr").rule()).isEqualTo("S.shipment.addr");
      assertThat(provenance.fields().get("addr").sources())
          .isEqualTo(Map.of(order("o-9").toString(), before + 1));
      assertThat(runtime.status().phase()).isEqualTo("pushed-down");
    }
  }

  @Test
  void aCastWithAnUnpushableRuleRunsInTheRuntimeAndSaysWhy() {
    CompiledCast cast =
        compile(SPEC.replace("count: C.order.quantity", "count: C.order.quantity * 2"));
    try (RedisObjectExchange ex = redis();
        CastRuntime runtime = CastRuntime.start(ex, cast, ex)) {
      await().atMost(WAIT).until(() -> runtime.status().phase().equals("running"));
      assertThat(runtime.pushedDown()).isFalse();
      assertThat(runtime.pushDownNote())
          .contains("S.shipment.count: calls the operator *, which is not pushed down");
      ObjectNode order = order("1 Main", 5.0);
      order.put("quantity", 3);
      ex.commit(new WriteBatch("shop", List.of(Write.create(order("o-1"), order))));
      await()
          .atMost(WAIT)
          .until(
              () -> ex.get(shipment("o-1")).map(s -> s.data().path("count").asInt()),
              c -> c.orElse(0) == 6);
    }
  }

  /** Starts the cast, makes the same source writes, waits until it caught up; the shipments. */
  private static Map<String, ObjectNode> run(
      ObjectExchange ex, CompiledCast cast, boolean pushDown) {
    commit(ex, Write.create(order("o-0"), order("0 Before St", 1200.0)));
    commit(
        ex,
        Write.create(
            shipment("o-3"),
            (ObjectNode)
                Json.parseObject(
                    "{\"id\":\"s-3\",\"meta\":{},\"tags\":[],"
                        + "\"big\":123456789012345678901234567890,\"addr\":\"old\"}",
                    "shipment")));
    try (CastRuntime runtime =
        pushDown
            ? CastRuntime.start(ex, cast, (RedisObjectExchange) ex)
            : CastRuntime.start(ex, cast)) {
      if (pushDown) {
        await().atMost(WAIT).until(runtime::pushedDown);
      } else {
        await().atMost(WAIT).until(() -> runtime.status().phase().equals("running"));
      }
      ObjectNode first = order("1 Main St", 1500.0);
      first.put("express", true);
      first.put("quantity", 2);
      commit(ex, Write.create(order("o-1"), first));
      ObjectNode second = order("2 Side St", 20);
      commit(ex, Write.create(order("o-2"), second));
      ObjectNode third = order("3 Far Rd", 1000);
      third.put("express", false);
      third.put("quantity", -7);
      commit(ex, Write.create(order("o-3"), third));
      commit(ex, Write.patch(order("o-1"), 0, Json.parseObject("{\"cost\":999.5}", "p")));
      commit(
          ex,
          Write.create(order("o-4"), order("4", 1000.5)),
          Write.create(order("o-5"), order("5", 0.0)),
          Write.patch(order("o-3"), 0, Json.parseObject("{\"express\":true}", "p")));
      commit(ex, Write.create(order("o-6"), order("Ünïcödé \"quoted\" \\ st\n2", 3)));
      commit(ex, Write.delete(order("o-2"), 0));
      ObjectNode replaced = order("2 Side St", 999.5);
      replaced.put("express", true);
      replaced.put("quantity", 2);
      commit(ex, Write.replace(order("o-1"), 0, replaced));
      long last = ex.currentVersion();
      if (!pushDown) {
        await().atMost(WAIT).until(() -> runtime.status().position() >= last);
      }
    }
    Map<String, ObjectNode> shipments = new TreeMap<>();
    for (StoredObject s : ex.list(ListRequest.of(StoreRef.parse(SHIPPING), "Shipment")).items()) {
      shipments.put(s.name(), s.data());
    }
    return shipments;
  }

  private static void commit(ObjectExchange ex, Write... writes) {
    ex.commit(new WriteBatch("shop", List.of(writes)));
  }

  private static CompiledCast compile(String spec) {
    return new CastChecker(SCHEMAS, FunctionRegistry.empty()).compile(spec, "ship.cast.yaml");
  }

  private static ObjectNode order(String address, double cost) {
    ObjectNode order = Json.object();
    order.put("address", address);
    order.put("cost", cost);
    return order;
  }

  private static ObjectNode order(String address, int cost) {
    ObjectNode order = Json.object();
    order.put("address", address);
    order.put("cost", cost);
    return order;
  }

  private static ObjectKey order(String name) {
    return ObjectKey.of(CHECKOUT, "Order", name);
  }

  private static ObjectKey shipment(String name) {
    return ObjectKey.of(SHIPPING, "Shipment", name);
  }

  private static RedisObjectExchange redis() {
    return RedisObjectExchange.open(
        RedisServerProcess.shared().options("pushdown-" + EXCHANGES.incrementAndGet()));
  }
}
