package io.knactor.exchange.redis;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis exchange passes the ObjectExchange conformance suite, on one redis-server for the test
 * JVM; each exchange has a key prefix of its own, so each starts empty.
 */
class RedisObjectExchangeTest extends ObjectExchangeConformanceTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static final int HISTORY_LIMIT = 5;

  @Override
  protected ObjectExchange newExchange(Path dir) {
    String prefix = "conformance-" + EXCHANGES.incrementAndGet();
    return RedisObjectExchange.open(options(prefix));
  }

  @Override
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    old.close();
    return RedisObjectExchange.open(((RedisObjectExchange) old).options());
  }

  @Override
  protected void compactUpTo(ObjectExchange exchange, long version) {
    ((RedisObjectExchange) exchange).trimChangeLog(version);
  }

  @Override
  protected int historyLimit() {
    return HISTORY_LIMIT;
  }

  private static RedisOptions options(String prefix) {
    return RedisServerProcess.shared().options(prefix).withHistoryLimit(HISTORY_LIMIT);
  }
}
