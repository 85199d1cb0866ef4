package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Opening Redis exchanges by URI, and the errors for bad URIs and unreachable servers. */
class RedisObjectExchangeProviderTest {
  private static final ObjectKey ORDER =
      ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");

  @Test
  void openByUriSelectsRedisAndTheNamedPrefix() {
    RedisServerProcess redis = RedisServerProcess.shared();
    try (ObjectExchange shop = ObjectExchanges.open(redis.uri("provider-shop"));
        ObjectExchange other = ObjectExchanges.open(redis.uri("provider-other"))) {
      shop.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));

      assertThat(shop).isInstanceOf(RedisObjectExchange.class);
      assertThat(((RedisObjectExchange) shop).options().prefix()).isEqualTo("provider-shop");
      assertThat(shop.get(ORDER)).isPresent();
      assertThat(other.get(ORDER)).as("another prefix is another exchange").isEmpty();
      assertThat(other.currentVersion()).isZero();
    }
  }

  @Test
  void uriOptionsAreParsed() {
    RedisOptions options =
        RedisObjectExchangeProvider.options(
            URI.create(
                "redis://redis.example:6380/3?prefix=shop&historyLimit=32"
                    + "&changeLogRetention=500&timeoutMillis=2500"));

    assertThat(options)
        .isEqualTo(
            new RedisOptions("redis.example", 6380, 3, "shop", 32, 500, Duration.ofMillis(2500)));
  }

  @Test
  void portDatabaseAndPrefixHaveDefaults() {
    assertThat(RedisObjectExchangeProvider.options(URI.create("redis://localhost")))
        .isEqualTo(RedisOptions.of("localhost", 6379));
  }

  @Test
  void uriWithoutHostIsRefused() {
    assertThatThrownBy(() -> ObjectExchanges.open(URI.create("redis:6379")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "invalid Redis exchange URI 'redis:6379': expected"
                + " redis://host:port[/database][?prefix=...]");
    assertThatThrownBy(() -> ObjectExchanges.open(URI.create("redis:///0")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expected redis://host:port");
  }

  @Test
  void unknownOptionIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> ObjectExchanges.open(URI.create("redis://localhost:6379?prefx=a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "unknown option 'prefx' in 'redis://localhost:6379?prefx=a'; known: prefix,"
                + " historyLimit, changeLogRetention, timeoutMillis");
  }

  @Test
  void badDatabaseAndPrefixAreRefused() {
    assertThatThrownBy(() -> ObjectExchanges.open(URI.create("redis://localhost:6379/zero")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("database in 'redis://localhost:6379/zero' must be a number, got 'zero'");
    assertThatThrownBy(
            () -> ObjectExchanges.open(URI.create("redis://localhost:6379?prefix=a%7Bb")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid key prefix 'a%7Bb'");
  }

  @Test
  void unreachableServerIsUnavailableNamingIt() {
    int port = RedisServerProcess.freePort();

    assertThatThrownBy(
            () ->
                ObjectExchanges.open(
                    URI.create("redis://127.0.0.1:" + port + "?timeoutMillis=2000")))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("cannot reach Redis at 127.0.0.1:" + port + ": ");
  }
}
