package io.knactor.server.access;

import static io.knactor.server.testing.RetailFixture.CHECKOUT;
import static io.knactor.server.testing.RetailFixture.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.UnauthorizedException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StoredRecord;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-JVM log connections ({@code KnactorServer.connectLogsAs}) are checked like the HTTP log
 * routes: a knactor creates, appends to and reads only its own log stores, never external fields,
 * and runs no subscriptions.
 */
class ConnectedLogExchangeTest {
  @TempDir Path dir;
  KnactorServer server;
  LogExchange checkout;
  LogExchange shipping;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    server.admin().apply(RetailFixture.YAML);
    checkout = server.connectLogsAs("checkout");
    shipping = server.connectLogsAs("shipping");
    checkout.createStore(LogStoreSpec.of(CHECKOUT, "Order", 1));
    shipping.createStore(LogStoreSpec.of(SHIPPING, "Shipment", 1));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<LogRecord> record(String key, String json) {
    return List.of(LogRecord.of(key, Json.parseObject(json, "record")));
  }

  private List<StoredRecord> all(LogExchange logs, io.knactor.core.model.StoreRef store) {
    List<StoredRecord> records = new ArrayList<>();
    logs.scan(ScanRequest.of(store), records::add);
    return records;
  }

  @Test
  void aKnactorAppendsToAndReadsItsOwnLogStore() {
    checkout.append(CHECKOUT, record("o-1", "{\"cost\":12.5}"));

    assertThat(all(checkout, CHECKOUT)).extracting(StoredRecord::key).containsExactly("o-1");
    assertThat(checkout.stores()).extracting(i -> i.spec().store()).containsExactly(CHECKOUT);
  }

  @Test
  void aKnactorCannotAppendToAnotherKnactorsLogStore() {
    assertThatThrownBy(() -> checkout.append(SHIPPING, record("s-1", "{\"price\":1}")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("a knactor reaches only its own store");
    assertThatThrownBy(() -> checkout.read(SHIPPING, 0, 0, 10))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> checkout.createStore(LogStoreSpec.of(SHIPPING, "Shipment", 1)))
        .isInstanceOf(ForbiddenException.class);

    assertThat(all(shipping, SHIPPING)).isEmpty();
  }

  @Test
  void aKnactorCannotAppendAnExternalFieldOrAValueOffItsSchema() {
    assertThatThrownBy(() -> checkout.append(CHECKOUT, record("o-1", "{\"shippingCost\":3}")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("records[0].value");
    assertThatThrownBy(() -> checkout.append(CHECKOUT, record("o-1", "{\"cost\":\"high\"}")))
        .hasMessageContaining("records[0].value");

    assertThat(all(checkout, CHECKOUT)).isEmpty();
  }

  @Test
  void subscriptionsAreTheServersOnly() {
    assertThatThrownBy(() -> checkout.claim("mine", CHECKOUT, Set.of(0)))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("needs the role admin");
    assertThatThrownBy(() -> checkout.committedOffsets("sync.other", CHECKOUT))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> checkout.scanState("sync.other", ""))
        .isInstanceOf(ForbiddenException.class);
    assertThat(server.connectLogsAs("admin").committedOffsets("mine", CHECKOUT))
        .isEqualTo(Map.of());
  }

  @Test
  void anUnknownPrincipalCannotConnect() {
    assertThatThrownBy(() -> server.connectLogsAs("nobody"))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("no principal 'nobody'");
  }
}
