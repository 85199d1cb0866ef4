package io.knactor.exchange.redis.pushdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.RuleResult;
import io.knactor.cast.eval.Provenance;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.runtime.CastRuntime;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.NotFoundException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
      // The runtime is "running" once it has synced, a moment before it decides on push-down.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  runtime.status().phase().equals("running") && !runtime.pushDownNote().isEmpty());
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

  /**
   * Random writes, compared on every field whose rule has a value for the final orders: a field
   * whose rule is pending at the end keeps whatever an earlier state gave it, and which earlier
   * states the runtime saw depends on how far it lagged (it reads the current objects), while a
   * push-down sees every state.
   */
  @Test
  void randomWritesGiveTheSameTargetsWithAndWithoutPushDown() {
    CompiledCast cast = compile(SPEC);
    for (long seed = 1; seed <= 3; seed++) {
      List<List<Write>> batches = randomBatches(new Random(seed));
      Map<String, Map<String, String>> embedded;
      Map<String, Map<String, String>> settled;
      try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir.resolve("random-" + seed))) {
        Map<String, ObjectNode> shipments = replay(ex, cast, false, batches);
        settled = settled(ex, cast);
        embedded = fields(shipments, settled);
      }
      Map<String, Map<String, String>> pushed;
      try (RedisObjectExchange ex = redis()) {
        Map<String, ObjectNode> shipments = replay(ex, cast, true, batches);
        assertThat(settled(ex, cast)).isEqualTo(settled);
        pushed = fields(shipments, settled);
      }
      assertThat(settled).as("seed %d", seed).hasSizeGreaterThan(3);
      assertThat(embedded).as("seed %d, runtime", seed).isEqualTo(settled);
      assertThat(pushed).as("seed %d, pushed down", seed).isEqualTo(settled);
    }
  }

  /**
   * Per order, the JSON text of each rule's value for the order as it is now (pending: left out).
   */
  private static Map<String, Map<String, String>> settled(ObjectExchange ex, CompiledCast cast) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (StoredObject order : ex.list(ListRequest.of(StoreRef.parse(CHECKOUT), "Order")).items()) {
      for (CompiledRule rule : cast.rules()) {
        RuleResult result = rule.evaluate(Map.of(rule.aliasInputs().get(0).ref(), order.data()));
        if (result instanceof RuleResult.Value value) {
          out.computeIfAbsent(order.name(), k -> new TreeMap<>())
              .put(rule.target().path(), Json.toString(value.value()));
        }
      }
    }
    return out;
  }

  /** The same fields of the shipments. */
  private static Map<String, Map<String, String>> fields(
      Map<String, ObjectNode> shipments, Map<String, Map<String, String>> like) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    like.forEach(
        (name, paths) -> {
          ObjectNode shipment = shipments.getOrDefault(name, Json.object());
          for (String path : paths.keySet()) {
            com.fasterxml.jackson.databind.JsonNode value =
                shipment.at("/" + path.replace('.', '/'));
            out.computeIfAbsent(name, k -> new TreeMap<>())
                .put(path, value.isMissingNode() ? "<unset>" : Json.toString(value));
          }
        });
    return out;
  }

  /** Upserts, patches and deletes of orders with values near the rules' thresholds, some absent. */
  private static List<List<Write>> randomBatches(Random random) {
    String[] addresses = {"1 Main St", "Ünïcödé \"q\" \\ st", "{not: json}", "line\nbreak", ""};
    double[] costs = {0.0, 499.99, 500.0, 999.5, 1000.0, 1000.0000001, 1e21, -3.5};
    List<List<Write>> batches = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      List<Write> batch = new ArrayList<>();
      int size = 1 + random.nextInt(3);
      for (int j = 0; j < size; j++) {
        ObjectKey key = order("r-" + random.nextInt(6) + (j == 0 ? "" : "-" + j));
        ObjectNode data = Json.object();
        if (random.nextInt(5) > 0) {
          data.put("address", addresses[random.nextInt(addresses.length)]);
        }
        if (random.nextInt(5) > 0) {
          data.put("cost", costs[random.nextInt(costs.length)]);
        }
        if (random.nextInt(3) > 0) {
          data.put("express", random.nextBoolean());
        }
        if (random.nextInt(3) > 0) {
          data.put("quantity", random.nextInt(2000) - 1000);
        }
        switch (random.nextInt(6)) {
          case 0 -> batch.add(Write.delete(key, 0));
          case 1 -> batch.add(Write.patchOrCreate(key, data));
          default -> batch.add(Write.upsert(key, data));
        }
      }
      batches.add(batch);
    }
    return batches;
  }

  private static Map<String, ObjectNode> replay(
      ObjectExchange ex, CompiledCast cast, boolean pushDown, List<List<Write>> batches) {
    try (CastRuntime runtime =
        pushDown
            ? CastRuntime.start(ex, cast, (RedisObjectExchange) ex)
            : CastRuntime.start(ex, cast)) {
      await()
          .atMost(WAIT)
          .until(() -> runtime.status().phase().equals(pushDown ? "pushed-down" : "running"));
      for (List<Write> batch : batches) {
        try {
          ex.commit(new WriteBatch("shop", batch));
        } catch (NotFoundException | ConflictException e) {
          // A delete of an absent order, or two writes of one order: refused alike on both.
        }
      }
      long last = ex.currentVersion();
      if (!pushDown) {
        await().atMost(WAIT).until(() -> runtime.status().position() >= last);
      }
    }
    return shipments(ex);
  }

  private static Map<String, ObjectNode> shipments(ObjectExchange ex) {
    Map<String, ObjectNode> shipments = new TreeMap<>();
    for (StoredObject s : ex.list(ListRequest.of(StoreRef.parse(SHIPPING), "Shipment")).items()) {
      shipments.put(s.name(), s.data());
    }
    return shipments;
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
    return shipments(ex);
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
