package io.knactor.server.http;

import static io.knactor.server.http.LogRoutesTest.CHECKOUT_LOGS;
import static io.knactor.server.http.LogRoutesTest.EVENT_SCHEMA;
import static io.knactor.server.testing.RetailFixture.CHECKOUT_TOKEN;
import static io.knactor.server.testing.RetailFixture.SHIPPING_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RawHttp.Answer;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST .../logs/query}: a Sync pipeline over a store's records, read access required. */
class LogQueryRouteTest {
  private static final String QUERY = CHECKOUT_LOGS + "/query";

  @TempDir Path dir;
  KnactorServer server;
  RawHttp http;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    server.admin().apply(RetailFixture.YAML + EVENT_SCHEMA);
    http = new RawHttp(server.uri());
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

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void filtersAndRenamesTheStoredRecords() {
    Answer answer =
        http.post(
            QUERY,
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
  void aWindowedAggregateClosesItsLastWindowAtTheEndOfTheScan() {
    Answer answer =
        http.post(
            QUERY,
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
  void aBadPipelineIsA400NamingTheStepAndTheProblem() {
    Answer answer =
        http.post(QUERY, CHECKOUT_TOKEN, "{\"pipeline\":\"cut: type | filter: amount > 1.0\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("message").asText())
        .isEqualTo(
            "pipeline does not check (1 error):\n"
                + "  pipeline:2:11: error: pipeline[1].filter: type error: undeclared reference to"
                + " 'amount' (in container '')");
  }

  @Test
  void aScanOverTheLimitIsRefused() {
    Answer answer = http.post(QUERY, CHECKOUT_TOKEN, "{\"pipeline\":\"cut: type\",\"limit\":3}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("message").asText())
        .startsWith("the query selects more than 3 records");
  }

  @Test
  void anUnknownStoreIsNotFound() {
    Answer answer =
        http.post(
            "/api/v1/stores/OnlineRetail/v1/Checkout/knactor-gone/logs/query",
            CHECKOUT_TOKEN,
            "{\"pipeline\":\"cut: type\"}");

    assertThat(answer.status()).isEqualTo(404);
  }

  @Test
  void aPrincipalThatMayNotReadTheStoreIsForbidden() {
    Answer answer = http.post(QUERY, SHIPPING_TOKEN, "{\"pipeline\":\"cut: type\"}");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().get("message").asText())
        .contains("a knactor reaches only its own store");
  }
}
