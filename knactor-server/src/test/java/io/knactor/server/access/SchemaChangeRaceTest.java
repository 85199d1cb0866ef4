package io.knactor.server.access;

import static io.knactor.server.testing.RetailFixture.SHIPPING_TOKEN;
import static io.knactor.server.testing.RetailFixture.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ForwardingObjectExchange;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema change applied while a write checked against the old schema is still committing: the
 * apply waits for that commit, so no write checked against a replaced schema lands after it.
 */
class SchemaChangeRaceTest {
  private static final String RENAMED =
      """
      schema: OnlineRetail/v1/Shipping/Shipment
      address: string
      price: number
      """;

  @TempDir Path dir;

  @Test
  void applyWaitsForWritesCheckedAgainstTheSchemaItReplaces() throws Exception {
    CountDownLatch inCommit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ServerConfig config =
        ServerConfig.builder().dataDir(dir).port(0).adminToken(TestServers.ADMIN_TOKEN).build();
    ObjectExchange backend =
        holdingShipmentCommits(ObjectExchanges.open(config.objects()), inCommit, release);
    try (KnactorServer server = KnactorServer.start(config, backend)) {
      RetailFixture.apply(server);
      ObjectExchange shipping = server.connect(SHIPPING_TOKEN);

      CompletableFuture<?> oldSchemaWrite =
          CompletableFuture.supplyAsync(
              () ->
                  shipping.commit(
                      "shipping",
                      Write.create(
                          shipment("s-1"), Json.parseObject("{\"addr\":\"Main St\"}", "t"))));
      assertThat(inCommit.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<?> apply = CompletableFuture.runAsync(() -> server.admin().apply(RENAMED));
      Thread.sleep(200);
      assertThat(apply)
          .as("the apply waits for the write checked against the old schema")
          .isNotDone();

      release.countDown();
      oldSchemaWrite.get(30, TimeUnit.SECONDS);
      apply.get(30, TimeUnit.SECONDS);
      assertThat(shipping.get(shipment("s-1")).orElseThrow().data().get("addr").asText())
          .isEqualTo("Main St");
      assertThatThrownBy(
              () ->
                  shipping.commit(
                      "shipping",
                      Write.create(
                          shipment("s-2"), Json.parseObject("{\"addr\":\"Elm St\"}", "t"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("addr");
      assertThat(shipping.get(shipment("s-2"))).isEmpty();
    }
  }

  /**
   * {@code backend}, except that its first commit of a shipment signals {@code inCommit} and waits
   * for {@code release} before it goes through.
   */
  private static ObjectExchange holdingShipmentCommits(
      ObjectExchange backend, CountDownLatch inCommit, CountDownLatch release) {
    return new ForwardingObjectExchange(backend) {
      @Override
      public CommitResult commit(WriteBatch batch) {
        if (batch.writes().get(0).key().kind().equals("Shipment") && inCommit.getCount() > 0) {
          inCommit.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return delegate.commit(batch);
      }
    };
  }
}
