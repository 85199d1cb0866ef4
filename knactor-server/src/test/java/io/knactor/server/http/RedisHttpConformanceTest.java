package io.knactor.server.http;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import io.knactor.exchange.redis.RedisObjectExchange;
import io.knactor.exchange.redis.RedisOptions;
import io.knactor.exchange.redis.RedisServerProcess;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.testing.ServerBackedExchange;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole ObjectExchange conformance suite through HTTP against a real server whose objects live
 * in Redis (a redis-server started for the test JVM; each exchange has a key prefix of its own).
 */
class RedisHttpConformanceTest extends ObjectExchangeConformanceTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static final int HISTORY_LIMIT = 5;

  @Override
  protected ObjectExchange newExchange(Path dir) {
    RedisOptions options =
        RedisServerProcess.shared()
            .options("server-conformance-" + EXCHANGES.incrementAndGet())
            .withHistoryLimit(HISTORY_LIMIT);
    return start(dir, options);
  }

  @Override
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    RedisOptions options = redis(old).options();
    old.close();
    return start(dir, options);
  }

  @Override
  protected void compactUpTo(ObjectExchange exchange, long version) {
    redis(exchange).trimChangeLog(version);
  }

  @Override
  protected int historyLimit() {
    return HISTORY_LIMIT;
  }

  private static ObjectExchange start(Path dir, RedisOptions options) {
    return ServerBackedExchange.start(
        dir,
        RedisObjectExchange.open(options),
        server -> new HttpObjectExchange(server.uri(), TestServers.ADMIN_TOKEN));
  }

  private static RedisObjectExchange redis(ObjectExchange exchange) {
    return (RedisObjectExchange) ((ServerBackedExchange) exchange).backend();
  }
}
