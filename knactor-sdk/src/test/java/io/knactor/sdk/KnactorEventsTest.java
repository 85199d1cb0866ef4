package io.knactor.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnactorEventsTest {
  static final StoreRef SHOP = StoreRef.parse("Demo/v1/Shop/shop");
  static final StoreRef BANK = StoreRef.parse("Demo/v1/Bank/bank");

  @TempDir Path dir;
  private ObjectExchange exchange;
  private final List<Knactor> knactors = new ArrayList<>();

  @BeforeEach
  void open() {
    exchange = EmbeddedObjectExchange.open(dir);
  }

  @AfterEach
  void closeAll() {
    knactors.forEach(Knactor::close);
    exchange.close();
  }

  private Knactor started(Knactor.Builder builder) throws InterruptedException {
    Knactor knactor = builder.build();
    knactors.add(knactor);
    knactor.start();
    assertThat(knactor.awaitSynced(Duration.ofSeconds(10))).isTrue();
    return knactor;
  }

  static ObjectNode data(String field, Object value) {
    return Json.MAPPER.valueToTree(java.util.Map.of(field, value));
  }

  @Test
  void handlerSeesAddedModifiedAndDeletedInOrder() throws Exception {
    Recorder orders = new Recorder();
    started(Knactor.builder(SHOP, exchange).on("Order", orders));

    ObjectKey key = new ObjectKey(SHOP, "Order", "o-1");
    exchange.commit("test", Write.create(key, data("cost", 10)));
    exchange.commit("test", Write.patch(key, Write.ANY_VERSION, data("cost", 12)));
    exchange.commit("test", Write.delete(key, Write.ANY_VERSION));

    await().until(() -> orders.events.size() >= 3);
    assertThat(orders.calls()).containsExactly("ADDED o-1", "MODIFIED o-1", "DELETED o-1");
    assertThat(orders.events.get(1).data().get("cost").asInt()).isEqualTo(12);
    assertThat(orders.events).extracting(Event::cause).containsOnly(Event.Cause.WATCH);
  }

  @Test
  void objectsPresentAtStartAreHandledBeforeSynced() throws Exception {
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Order", "o-1"), data("cost", 1)));
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Order", "o-2"), data("cost", 2)));
    Recorder orders = new Recorder();

    started(Knactor.builder(SHOP, exchange).on("Order", orders));

    assertThat(orders.calls()).containsExactly("ADDED o-1", "ADDED o-2");
    assertThat(orders.events).extracting(Event::cause).containsOnly(Event.Cause.LIST);
  }

  @Test
  void handlerSeesOnlyItsKindsOfItsOwnStore() throws Exception {
    Recorder shopOrders = new Recorder();
    Recorder bankOrders = new Recorder();
    started(Knactor.builder(SHOP, exchange).on("Order", shopOrders));
    started(Knactor.builder(BANK, exchange).on("Order", bankOrders));

    exchange.commit("test", Write.create(new ObjectKey(BANK, "Order", "b-1"), data("cost", 1)));
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Invoice", "i-1"), data("cost", 1)));
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Order", "s-1"), data("cost", 1)));

    await().until(() -> shopOrders.events.size() == 1 && bankOrders.events.size() == 1);
    assertThat(shopOrders.calls()).containsExactly("ADDED s-1");
    assertThat(bankOrders.calls()).containsExactly("ADDED b-1");
  }

  @Test
  void handlersOfSeveralKindsAllReceiveTheirChanges() throws Exception {
    Recorder orders = new Recorder();
    Recorder invoices = new Recorder();
    started(Knactor.builder(SHOP, exchange).on("Order", orders).on("Invoice", invoices));

    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Invoice", "i-1"), data("sum", 3)));
    exchange.commit("test", Write.create(new ObjectKey(SHOP, "Order", "o-1"), data("cost", 1)));

    await().until(() -> orders.events.size() == 1 && invoices.events.size() == 1);
    assertThat(orders.calls()).containsExactly("ADDED o-1");
    assertThat(invoices.calls()).containsExactly("ADDED i-1");
  }

  @Test
  void resultWritesCommitToTheOwnStoreUnderTheKnactorsPrincipal() throws Exception {
    started(
        Knactor.builder(SHOP, exchange)
            .on(
                "Greeting",
                (ctx, event) ->
                    event.isDeleted() || event.data().has("reply")
                        ? Result.done()
                        : Result.apply(
                            ctx.writes()
                                .patch(
                                    "Greeting",
                                    event.name(),
                                    event.resourceVersion(),
                                    data("reply", "Hello, " + event.data().get("to").asText()))
                                .upsert("Counter", "greetings", data("count", 1)))));

    ObjectKey greeting = new ObjectKey(SHOP, "Greeting", "g-1");
    exchange.commit("test", Write.create(greeting, data("to", "Ada")));

    await().until(() -> exchange.get(greeting).orElseThrow().data().has("reply"));
    assertThat(exchange.get(greeting).orElseThrow().data().get("reply").asText())
        .isEqualTo("Hello, Ada");
    assertThat(exchange.get(new ObjectKey(SHOP, "Counter", "greetings"))).isPresent();
    assertThat(exchange.history(greeting))
        .extracting(r -> r.principal())
        .containsExactly("test", "shop");
  }

  @Test
  void contextReadsAndWritesTheOwnStoreByKindAndName() throws Exception {
    Knactor shop = Knactor.builder(SHOP, exchange).on("Order", new Recorder()).build();
    knactors.add(shop);
    Context ctx = shop.context();

    ctx.create("Order", "o-1", data("cost", 1));
    ctx.patch("Order", "o-1", data("paid", true));
    long version = ctx.get("Order", "o-1").orElseThrow().resourceVersion();
    ctx.update("Order", "o-1", version, data("cost", 5));
    ctx.modify("Order", "o-1", d -> d.put("cost", d.get("cost").asInt() + 1));
    ctx.upsert("Order", "o-2", data("cost", 2));
    ctx.delete("Order", "o-2");

    assertThat(ctx.list("Order"))
        .extracting(o -> o.key().toString())
        .containsExactly("Demo/v1/Shop/shop/Order/o-1");
    assertThat(ctx.get("Order", "o-1").orElseThrow().data()).isEqualTo(data("cost", 6));
    assertThat(exchange.get(new ObjectKey(SHOP, "Order", "o-1")).orElseThrow().data())
        .isEqualTo(data("cost", 6));
    assertThat(ctx.history("Order", "o-1")).hasSize(4);
  }

  @Test
  void writesMadeForAnotherKnactorAreRefused() {
    Knactor shop = Knactor.builder(SHOP, exchange).on("Order", new Recorder()).build();
    Knactor bank = Knactor.builder(BANK, exchange).on("Order", new Recorder()).build();
    knactors.add(shop);
    knactors.add(bank);

    StoreWrites bankWrites = bank.context().writes().upsert("Order", "o-1", data("cost", 1));

    assertThatThrownBy(() -> shop.context().commit(bankWrites))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "these writes were made for another knactor's store; use this context's writes()");
    assertThat(exchange.get(new ObjectKey(BANK, "Order", "o-1"))).isEmpty();
  }

  @Test
  void builderRefusesASecondHandlerForAKindAndAnInvalidKind() {
    Knactor.Builder builder = Knactor.builder(SHOP, exchange).on("Order", new Recorder());

    assertThatThrownBy(() -> builder.on("Order", new Recorder()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kind 'Order' already has a handler in knactor Demo/v1/Shop/shop");
    assertThatThrownBy(() -> builder.on("not a kind", new Recorder()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid kind 'not a kind': must match [A-Za-z][A-Za-z0-9]{0,62}");
    assertThatThrownBy(() -> Knactor.builder(SHOP, exchange).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "knactor Demo/v1/Shop/shop has no handler; register one with on(kind, handler)");
  }

  @Test
  void closeStopsTheKnactorsThreadAndAwaitSyncedThenFails() throws Exception {
    Knactor shop = started(Knactor.builder(SHOP, exchange).on("Order", new Recorder()));
    assertThat(threadNames()).contains("knactor-" + SHOP);

    shop.close();

    assertThat(threadNames()).doesNotContain("knactor-" + SHOP);
    assertThatThrownBy(shop::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("knactor Demo/v1/Shop/shop is closed");
  }

  @Test
  void awaitSyncedFailsWhenClosedBeforeSyncing() {
    Knactor shop = Knactor.builder(SHOP, exchange).on("Order", new Recorder()).build();
    shop.close();

    assertThatThrownBy(shop::awaitSynced)
        .isInstanceOf(UnavailableException.class)
        .hasMessage("knactor Demo/v1/Shop/shop was closed before it synced");
  }

  @Test
  void deletedEventCarriesTheLastState() throws Exception {
    Recorder orders = new Recorder();
    started(Knactor.builder(SHOP, exchange).on("Order", orders));
    ObjectKey key = new ObjectKey(SHOP, "Order", "o-1");
    exchange.commit("test", Write.create(key, data("cost", 7)));
    long deletedAt =
        exchange.commit("test", Write.delete(key, Write.ANY_VERSION)).resourceVersion();

    await().until(() -> orders.events.size() == 2);
    Event deleted = orders.events.get(1);
    assertThat(deleted.type()).isEqualTo(EventType.DELETED);
    assertThat(deleted.data()).isEqualTo(data("cost", 7));
    assertThat(deleted.resourceVersion()).isEqualTo(deletedAt);
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
  }
}
