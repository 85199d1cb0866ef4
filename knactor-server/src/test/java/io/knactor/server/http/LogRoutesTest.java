package io.knactor.server.http;

import static io.knactor.server.testing.RetailFixture.CHECKOUT_TOKEN;
import static io.knactor.server.testing.RetailFixture.INTEGRATOR_TOKEN;
import static io.knactor.server.testing.RetailFixture.SHIPPING_TOKEN;
import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RawHttp.Answer;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log routes: create, describe, append, read, tail and query, with the access rules of objects.
 */
class LogRoutesTest {
  static final String CHECKOUT_LOGS =
      "/api/v1/stores/OnlineRetail/v1/Checkout/knactor-checkout/logs";
  static final String SHIPPING_LOGS =
      "/api/v1/stores/OnlineRetail/v1/Shipping/knactor-shipping/logs";
  static final String EVENT_SCHEMA =
      """
      ---
      schema: OnlineRetail/v1/Checkout/Event
      type: string
      amount: number
      refund: number # +kr: external
      """;

  @TempDir Path dir;
  KnactorServer server;
  RawHttp http;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    server.admin().apply(RetailFixture.YAML + EVENT_SCHEMA);
    http = new RawHttp(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void knactorCreatesAppendsToAndReadsItsOwnLogStore() {
    Answer created =
        http.put(
            CHECKOUT_LOGS,
            CHECKOUT_TOKEN,
            "{\"kind\":\"Event\",\"partitions\":2,\"retention\":{\"maxAge\":\"P7D\"}}");
    Answer appended =
        http.post(
            CHECKOUT_LOGS + "/records",
            CHECKOUT_TOKEN,
            "{\"records\":[{\"key\":\"o-1\",\"timestamp\":\"2026-01-02T03:04:05Z\","
                + "\"value\":{\"type\":\"paid\",\"amount\":12.5}},"
                + "{\"key\":\"o-1\",\"value\":{\"type\":\"shipped\"}}]}");
    Answer read = http.get(CHECKOUT_LOGS + "/records?max=10", CHECKOUT_TOKEN);
    Answer described = http.get(CHECKOUT_LOGS, CHECKOUT_TOKEN);

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().get("retention").get("maxAge").asText()).isEqualTo("PT168H");
    assertThat(appended.status()).isEqualTo(200);
    int partition = appended.json().at("/positions/0/partition").asInt();
    assertThat(appended.body())
        .isEqualTo(
            "{\"positions\":[{\"partition\":"
                + partition
                + ",\"offset\":0},{\"partition\":"
                + partition
                + ",\"offset\":1}]}");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().at("/records/0/value/type").asText()).isEqualTo("paid");
    assertThat(read.json().at("/records/0/timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(read.json().at("/records/1/value/type").asText()).isEqualTo("shipped");
    assertThat(read.json().at("/next/" + partition).asLong()).isEqualTo(2);
    assertThat(described.json().at("/ranges/" + partition + "/endOffset").asLong()).isEqualTo(2);
  }

  @Test
  void knactorAppendsOnlyToItsOwnLogStore() {
    http.put(SHIPPING_LOGS, ADMIN_TOKEN, "{\"kind\":\"Shipment\",\"partitions\":1}");

    Answer refused =
        http.post(
            SHIPPING_LOGS + "/records",
            CHECKOUT_TOKEN,
            "{\"records\":[{\"key\":\"s\",\"value\":{\"price\":1}}]}");
    Answer notRead = http.get(SHIPPING_LOGS + "/records", CHECKOUT_TOKEN);
    Answer notCreated =
        http.put(SHIPPING_LOGS, CHECKOUT_TOKEN, "{\"kind\":\"Shipment\",\"partitions\":1}");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText())
        .contains("a knactor reaches only its own store");
    assertThat(notRead.status()).isEqualTo(403);
    assertThat(notCreated.status()).isEqualTo(403);
    assertThat(http.get(SHIPPING_LOGS, ADMIN_TOKEN).json().at("/ranges/0/endOffset").asLong())
        .isZero();
  }

  @Test
  void recordsAreCheckedAgainstTheSchemaAndTheExternalFieldRule() {
    http.put(CHECKOUT_LOGS, CHECKOUT_TOKEN, "{\"kind\":\"Event\",\"partitions\":2}");

    Answer wrongType =
        http.post(
            CHECKOUT_LOGS + "/records",
            CHECKOUT_TOKEN,
            "{\"records\":[{\"key\":\"a\",\"value\":{}},{\"key\":\"b\",\"value\":{\"amount\":\"x\"}}]}");
    Answer external =
        http.post(
            CHECKOUT_LOGS + "/records",
            CHECKOUT_TOKEN,
            "{\"records\":[{\"key\":\"a\",\"value\":{\"refund\":1}}]}");
    Answer noKey =
        http.post(CHECKOUT_LOGS + "/records", CHECKOUT_TOKEN, "{\"records\":[{\"value\":{}}]}");
    Answer ungranted =
        http.post(
            CHECKOUT_LOGS + "/records",
            INTEGRATOR_TOKEN,
            "{\"records\":[{\"key\":\"a\",\"value\":{}}]}");

    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().get("message").asText()).startsWith("records[1].value: ");
    assertThat(external.status()).isEqualTo(403);
    assertThat(external.json().get("message").asText()).contains("external field 'refund'");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.json().get("message").asText()).isEqualTo("records[0].key: a key is required");
    assertThat(ungranted.status()).isEqualTo(403);
    assertThat(
            http.get(CHECKOUT_LOGS, CHECKOUT_TOKEN).json().at("/ranges/0/endOffset").asLong()
                + http.get(CHECKOUT_LOGS, CHECKOUT_TOKEN).json().at("/ranges/1/endOffset").asLong())
        .isZero();
  }

  @Test
  void tailWaitsForTheNextRecord() throws Exception {
    http.put(CHECKOUT_LOGS, CHECKOUT_TOKEN, "{\"kind\":\"Event\",\"partitions\":1}");
    CompletableFuture<Answer> tail =
        CompletableFuture.supplyAsync(
            () -> http.get(CHECKOUT_LOGS + "/records?from=0:0&wait=PT30S", CHECKOUT_TOKEN));

    http.post(
        CHECKOUT_LOGS + "/records",
        CHECKOUT_TOKEN,
        "{\"records\":[{\"key\":\"a\",\"value\":{\"type\":\"late\"}}]}");

    Answer answer = tail.get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().at("/records/0/value/type").asText()).isEqualTo("late");
    assertThat(answer.json().at("/next/0").asLong()).isEqualTo(1);
  }

  @Test
  void badReadsAndUnknownStoresAreAnsweredClearly() {
    http.put(CHECKOUT_LOGS, CHECKOUT_TOKEN, "{\"kind\":\"Event\",\"partitions\":1}");

    Answer badFrom = http.get(CHECKOUT_LOGS + "/records?from=zero", CHECKOUT_TOKEN);
    Answer pastEnd = http.get(CHECKOUT_LOGS + "/records?from=0:5", CHECKOUT_TOKEN);
    Answer unknown = http.get("/api/v1/stores/Home/v1/Lamp/lamp-a/logs", ADMIN_TOKEN);
    Answer badSpec =
        http.put(CHECKOUT_LOGS, CHECKOUT_TOKEN, "{\"kind\":\"Event\",\"partitions\":0}");

    assertThat(badFrom.status()).isEqualTo(400);
    assertThat(badFrom.json().get("message").asText()).contains("partition:offset");
    assertThat(pastEnd.status()).isEqualTo(400);
    assertThat(pastEnd.json().get("message").asText()).contains("past the end 0");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText())
        .isEqualTo("no log store Home/v1/Lamp/lamp-a");
    assertThat(badSpec.status()).isEqualTo(400);
  }

  private static String event(String key, String second, String type, double amount) {
    int s = Integer.parseInt(second);
    return "{\"key\":\""
        + key
        + "\",\"timestamp\":\"2026-01-02T03:0"
        + (s / 60)
        + ":"
        + String.format("%02d", s % 60)
        + "Z\",\"value\":{\"type\":\""
        + type
        + "\",\"amount\":"
        + amount
        + "}}";
  }

  /** Four Checkout events in one partition, over two minutes. */
  private void seedEvents() {
    http.put(CHECKOUT_LOGS, CHECKOUT_TOKEN, "{\"kind\":\"Event\",\"partitions\":1}");
    http.post(
        CHECKOUT_LOGS + "/records",
        CHECKOUT_TOKEN,
        "{\"records\":["
            + event("o-1", "00", "paid", 10)
            + ","
            + event("o-2", "20", "paid", 5)
            + ","
            + event("o-1", "40", "shipped", 0)
            + ","
            + event("o-3", "70", "paid", 7)
            + "]}");
  }

  @Test
  void queryFiltersAndRenamesTheStoredRecords() {
    seedEvents();
    Answer answer =
        http.post(
            CHECKOUT_LOGS + "/query",
            CHECKOUT_TOKEN,
            "{\"pipeline\":\"filter: this.type == 'paid' && amount > 6.0 | rename: {amount: total}\"}");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(
            "{\"records\":["
                + "{\"partition\":0,\"key\":\"o-1\",\"timestamp\":\"2026-01-02T03:00:00Z\","
                + "\"value\":{\"type\":\"paid\",\"total\":10.0}},"
                + "{\"partition\":0,\"key\":\"o-3\",\"timestamp\":\"2026-01-02T03:01:10Z\","
                + "\"value\":{\"type\":\"paid\",\"total\":7.0}}],"
                + "\"scanned\":4,\"dropped\":0}");
  }

  @Test
  void queryWithAWindowedAggregateClosesItsLastWindowAtTheEndOfTheScan() {
    seedEvents();
    Answer answer =
        http.post(
            CHECKOUT_LOGS + "/query",
            CHECKOUT_TOKEN,
            "{\"pipeline\":[{\"aggregate\":{\"by\":\"type\",\"window\":{\"size\":\"1m\"},"
                + "\"compute\":{\"n\":\"count()\",\"sum\":\"sum(amount)\"}}}],"
                + "\"from\":\"2026-01-02T03:00:10Z\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("records").findValues("value").toString())
        .isEqualTo(
            "[{\"type\":\"paid\",\"n\":1,\"sum\":5.0,\"windowStart\":1767322800000,"
                + "\"windowEnd\":1767322860000}, "
                + "{\"type\":\"shipped\",\"n\":1,\"sum\":0.0,\"windowStart\":1767322800000,"
                + "\"windowEnd\":1767322860000}, "
                + "{\"type\":\"paid\",\"n\":1,\"sum\":7.0,\"windowStart\":1767322860000,"
                + "\"windowEnd\":1767322920000}]");
    assertThat(answer.json().get("scanned").asLong()).isEqualTo(3);
  }

  @Test
  void aBadQueryPipelineIsA400NamingTheStepAndTheProblem() {
    seedEvents();
    Answer answer =
        http.post(
            CHECKOUT_LOGS + "/query",
            CHECKOUT_TOKEN,
            "{\"pipeline\":\"cut: type | filter: amount > 1.0\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("message").asText())
        .isEqualTo(
            "pipeline does not check (1 error):\n"
                + "  pipeline:2:11: error: pipeline[1].filter: type error: undeclared reference to"
                + " 'amount' (in container '')");
  }

  @Test
  void aQueryScanningOverTheLimitIsRefused() {
    seedEvents();
    Answer answer =
        http.post(
            CHECKOUT_LOGS + "/query", CHECKOUT_TOKEN, "{\"pipeline\":\"cut: type\",\"limit\":3}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("message").asText())
        .startsWith("the query selects more than 3 records");
  }

  @Test
  void aQueryOfAnUnknownStoreIsNotFound() {
    seedEvents();
    Answer answer =
        http.post(
            "/api/v1/stores/OnlineRetail/v1/Checkout/knactor-gone/logs/query",
            CHECKOUT_TOKEN,
            "{\"pipeline\":\"cut: type\"}");

    assertThat(answer.status()).isEqualTo(404);
  }

  @Test
  void aQueryByAPrincipalThatMayNotReadTheStoreIsForbidden() {
    seedEvents();
    Answer answer =
        http.post(CHECKOUT_LOGS + "/query", SHIPPING_TOKEN, "{\"pipeline\":\"cut: type\"}");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().get("message").asText())
        .contains("a knactor reaches only its own store");
  }
}
