package io.knactor.sdk;

import static io.knactor.sdk.KnactorEventsTest.SHOP;
import static io.knactor.sdk.KnactorEventsTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnactorRetryTest {
  private static final Backoff FAST = Backoff.of(Duration.ofMillis(5), Duration.ofMillis(50));

  /** So long that only a conflict retry, never a failure retry, can happen within a test. */
  private static final Backoff HOUR = Backoff.of(Duration.ofHours(1), Duration.ofHours(1));

  private static final ObjectKey SUMMARY = new ObjectKey(SHOP, "Summary", "all");

  @TempDir Path dir;
  private ObjectExchange exchange;
  private Knactor knactor;

  @BeforeEach
  void open() {
    exchange = EmbeddedObjectExchange.open(dir);
    exchange.commit("test", Write.create(SUMMARY, Json.object()));
  }

  @AfterEach
  void closeAll() {
    if (knactor != null) {
      knactor.close();
    }
    exchange.close();
  }

  private void start(Knactor.Builder builder) throws InterruptedException {
    knactor = builder.build();
    knactor.start();
    assertThat(knactor.awaitSynced(Duration.ofSeconds(10))).isTrue();
  }

  private static void order(ObjectExchange exchange, String name, int cost) {
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Order", name), data("cost", cost)));
  }

  private ObjectNode summary() {
    return exchange.get(SUMMARY).orElseThrow().data();
  }

  /** Records an order's cost in the summary: a read, then a write expecting what was read. */
  private static Result recordInSummary(Context ctx, Event event) {
    StoredObject summary = ctx.get("Summary", "all").orElseThrow();
    ObjectNode next = summary.data().deepCopy();
    next.withObjectProperty("seen").set(event.name(), event.data().get("cost"));
    return Result.apply(ctx.writes().update("Summary", "all", summary.resourceVersion(), next));
  }

  @Test
  void conflictingWriteIsRetriedSoonWithoutWaitingForTheFailureBackoff() throws Exception {
    List<Event> calls = new CopyOnWriteArrayList<>();
    start(
        Knactor.builder(SHOP, exchange)
            .failureBackoff(HOUR)
            .conflictRetries(10, FAST)
            .on(
                "Order",
                (ctx, event) -> {
                  calls.add(event);
                  Result result = recordInSummary(ctx, event);
                  if (event.attempt() == 1) {
                    // Another writer commits between this handler's read and its write.
                    exchange.commit(
                        "other", Write.patch(SUMMARY, Write.ANY_VERSION, data("tick", 1)));
                  }
                  return result;
                }));

    order(exchange, "o-1", 10);

    await().until(() -> summary().has("seen"));
    assertThat(summary()).isEqualTo(Json.parseObject("{\"tick\":1,\"seen\":{\"o-1\":10}}", "x"));
    assertThat(calls)
        .extracting(Event::attempt, Event::cause)
        .containsExactly(tuple(1, Event.Cause.WATCH), tuple(2, Event.Cause.RETRY));
  }

  @Test
  void conflictRetriesAreBoundedThenLeftToTheFailureBackoff() throws Exception {
    List<Event> calls = new CopyOnWriteArrayList<>();
    start(
        Knactor.builder(SHOP, exchange)
            .failureBackoff(HOUR)
            .conflictRetries(2, FAST)
            .on(
                "Order",
                (ctx, event) -> {
                  calls.add(event);
                  long read = ctx.get("Summary", "all").orElseThrow().resourceVersion();
                  // Every attempt loses the race to another writer.
                  exchange.commit(
                      "other", Write.patch(SUMMARY, Write.ANY_VERSION, data("tick", calls.size())));
                  return Result.apply(ctx.writes().update("Summary", "all", read, data("x", 1)));
                }));

    order(exchange, "o-1", 1);

    await().until(() -> calls.size() == 3);
    await().during(Duration.ofMillis(300)).until(() -> calls.size() == 3);
    assertThat(calls).extracting(Event::attempt).containsExactly(1, 2, 3);
    assertThat(summary().has("x")).isFalse();
  }

  @Test
  void conflictRetryConvergesUnderAConcurrentWriter() throws Exception {
    start(
        Knactor.builder(SHOP, exchange)
            .failureBackoff(FAST)
            .conflictRetries(10, FAST)
            .on("Order", KnactorRetryTest::recordInSummary));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger ticks = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              while (writing.get()) {
                StoredObject current = exchange.get(SUMMARY).orElseThrow();
                ObjectNode next = current.data().deepCopy();
                next.put("tick", next.path("tick").asInt() + 1);
                try {
                  exchange.commit("other", Write.replace(SUMMARY, current.resourceVersion(), next));
                  ticks.incrementAndGet();
                } catch (ConflictException lost) {
                  // The writer's own read-modify-write retries by looping.
                }
              }
            });
    writer.start();

    IntStream.range(0, 30).forEach(i -> order(exchange, "o-" + i, i));

    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> summary().path("seen").size() == 30);
    } finally {
      writing.set(false);
      writer.join();
    }
    IntStream.range(0, 30)
        .forEach(i -> assertThat(summary().get("seen").get("o-" + i).asInt()).isEqualTo(i));
    assertThat(summary().get("tick").asInt()).isEqualTo(ticks.get());
  }

  @Test
  void failingHandlerIsRetriedWithBackoffWithoutStoppingOtherObjects() throws Exception {
    AtomicBoolean healed = new AtomicBoolean(false);
    List<Event> calls = new CopyOnWriteArrayList<>();
    start(
        Knactor.builder(SHOP, exchange)
            .failureBackoff(FAST)
            .on(
                "Order",
                (ctx, event) -> {
                  calls.add(event);
                  if (event.name().equals("bad") && !healed.get()) {
                    throw new IllegalStateException("payment service is down");
                  }
                  return recordInSummary(ctx, event);
                }));

    order(exchange, "bad", 1);
    order(exchange, "good-1", 2);
    order(exchange, "good-2", 3);
    await().until(() -> summary().path("seen").size() == 2);
    await().until(() -> calls.stream().filter(e -> e.name().equals("bad")).count() >= 3);
    healed.set(true);

    await().until(() -> summary().path("seen").has("bad"));
    List<Event> bad = calls.stream().filter(e -> e.name().equals("bad")).toList();
    assertThat(bad.get(0).cause()).isEqualTo(Event.Cause.WATCH);
    assertThat(bad.subList(1, bad.size())).extracting(Event::cause).containsOnly(Event.Cause.RETRY);
    assertThat(bad)
        .extracting(Event::attempt)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, bad.size()).boxed().toList());
  }

  @Test
  void requeuedObjectIsHandledAgainUntilDone() throws Exception {
    List<Event> calls = new CopyOnWriteArrayList<>();
    start(
        Knactor.builder(SHOP, exchange)
            .on(
                "Order",
                (ctx, event) -> {
                  calls.add(event);
                  return calls.size() < 3
                      ? Result.requeueAfter(Duration.ofMillis(20))
                      : Result.done();
                }));

    order(exchange, "o-1", 1);

    await().until(() -> calls.size() == 3);
    await().during(Duration.ofMillis(200)).until(() -> calls.size() == 3);
    assertThat(calls)
        .extracting(Event::cause)
        .containsExactly(Event.Cause.WATCH, Event.Cause.REQUEUE, Event.Cause.REQUEUE);
  }

  @Test
  void handlerReturningNullIsRetriedAsAFailure() throws Exception {
    List<Event> calls = new CopyOnWriteArrayList<>();
    start(
        Knactor.builder(SHOP, exchange)
            .failureBackoff(FAST)
            .on(
                "Order",
                (ctx, event) -> {
                  calls.add(event);
                  return event.attempt() == 1 ? null : Result.done();
                }));

    order(exchange, "o-1", 1);

    await().until(() -> calls.size() == 2);
    assertThat(calls.get(1).cause()).isEqualTo(Event.Cause.RETRY);
  }
}
