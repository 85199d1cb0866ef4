package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a clear message and loses nothing stored. */
class RedisErrorsTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static final ObjectKey ORDER =
      ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");

  private RedisServerProcess redis;
  private String prefix;
  private RedisObjectExchange ex;

  @BeforeEach
  void open() {
    redis = RedisServerProcess.shared();
    prefix = "errors-" + EXCHANGES.incrementAndGet();
    ex = RedisObjectExchange.open(redis.options(prefix));
  }

  @AfterEach
  void close() {
    ex.close();
  }

  @Test
  void invalidLabelIsRefusedNamingTheObjectAndNothingIsStored() {
    StoredObject before = ex.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));

    assertThatThrownBy(
            () ->
                ex.commit(
                    "bob",
                    Write.patch(ORDER, Write.ANY_VERSION, Json.object().put("n", 2))
                        .withLabels(Map.of("tier", "gold silver"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "invalid label 'tier=gold silver' on object Shop/v1/Checkout/checkout-a/Order/o-1");

    assertThat(ex.get(ORDER)).contains(before);
    assertThat(ex.currentVersion()).isEqualTo(before.resourceVersion());
  }

  @Test
  void valueCorruptedBehindTheExchangesBackIsReportedNotMisread() {
    ex.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
    try (StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().hset("{" + prefix + "}:objects:Shop/v1/Checkout/checkout-a", "Order/o-1", "junk");
    } finally {
      client.shutdown();
    }

    assertThatThrownBy(() -> ex.get(ORDER))
        .isInstanceOf(KnactorException.class)
        .hasMessage("corrupt value in Redis for Order/o-1");
  }

  @Test
  void everyCallAfterCloseIsUnavailable() {
    ex.close();

    assertThatThrownBy(() -> ex.get(ORDER))
        .isInstanceOf(UnavailableException.class)
        .hasMessage(
            "the Redis object exchange redis://127.0.0.1:"
                + redis.port()
                + "/0?prefix="
                + prefix
                + " is closed");
    assertThatThrownBy(() -> ex.commit("alice", Write.create(ORDER, Json.object())))
        .isInstanceOf(UnavailableException.class);
  }
}
