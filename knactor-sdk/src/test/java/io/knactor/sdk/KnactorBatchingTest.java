package io.knactor.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writes of the handler calls of one step commit as one batch, yet each call sees the writes of
 * the calls before it, and a conflict affects only its own call. The objects exist before the
 * knactor starts, so that its first list hands them all to one step.
 */
class KnactorBatchingTest {
  private static final StoreRef SHOP = StoreRef.parse("Demo/v1/Shop/shop");
  private static final List<String> ORDERS = List.of("o-1", "o-2", "o-3", "o-4", "o-5");

  @TempDir Path dir;
  private RestartableExchange exchange;
  private Knactor knactor;

  @BeforeEach
  void open() {
    exchange = new RestartableExchange(() -> EmbeddedObjectExchange.open(dir));
    for (String order : ORDERS) {
      exchange.commit("test", Write.create(order(order), Json.object().put("cost", 1)));
    }
  }

  @AfterEach
  void close() {
    if (knactor != null) {
      knactor.close();
    }
    exchange.close();
  }

  private void start(Reconciler handler) throws InterruptedException {
    knactor = Knactor.builder(SHOP, exchange).on("Order", handler).build();
    knactor.start();
    assertThat(knactor.awaitSynced(Duration.ofSeconds(10))).isTrue();
  }

  private static ObjectKey order(String name) {
    return new ObjectKey(SHOP, "Order", name);
  }

  private static Result markSeen(Context ctx, Event event, long expectedVersion) {
    return Result.apply(
        ctx.writes()
            .patch("Order", event.name(), expectedVersion, Json.object().put("seen", true)));
  }

  @Test
  void writesOfTheCallsOfOneStepCommitInOneBatch() throws Exception {
    start(
        (ctx, event) ->
            event.data().has("seen")
                ? Result.done()
                : markSeen(ctx, event, event.resourceVersion()));

    for (String order : ORDERS) {
      assertThat(exchange.get(order(order)).orElseThrow().data().has("seen")).isTrue();
    }
    assertThat(exchange.commitsOf("shop")).isEqualTo(1);
  }

  @Test
  void aHandlerReadingThroughItsContextSeesTheWritesOfTheCallsBeforeIt() throws Exception {
    List<String> seenBefore = new CopyOnWriteArrayList<>();
    start(
        (ctx, event) -> {
          if (event.data().has("seen")) {
            return Result.done();
          }
          int index = ORDERS.indexOf(event.name());
          if (index > 0) {
            ctx.get("Order", ORDERS.get(index - 1))
                .filter(previous -> previous.data().has("seen"))
                .ifPresent(previous -> seenBefore.add(event.name()));
          }
          return markSeen(ctx, event, event.resourceVersion());
        });

    assertThat(seenBefore).containsExactlyElementsOf(ORDERS.subList(1, ORDERS.size()));
  }

  @Test
  void aConflictInABatchRetriesOnlyItsOwnCall() throws Exception {
    AtomicInteger callsOfO3 = new AtomicInteger();
    start(
        (ctx, event) -> {
          if (event.data().has("seen")) {
            return Result.done();
          }
          boolean stale = event.name().equals("o-3") && callsOfO3.incrementAndGet() == 1;
          return markSeen(
              ctx, event, stale ? event.resourceVersion() + 1000 : event.resourceVersion());
        });

    await().until(() -> exchange.get(order("o-3")).orElseThrow().data().has("seen"));
    for (String order : ORDERS) {
      assertThat(exchange.get(order(order)).orElseThrow().data().has("seen")).isTrue();
      assertThat(exchange.history(order(order))).hasSize(2);
    }
    assertThat(callsOfO3).hasValue(2);
  }
}
