package io.knactor.exchange.etcd;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ObjectExchange contract on a real single-member etcd, one fresh prefix per exchange: the
 * member is shared by the suite's JUnit and jqwik tests (two engines, so it starts on first use and
 * stops with the test JVM), and exchanges under different prefixes do not see each other.
 */
class EtcdObjectExchangeConformanceTest extends ObjectExchangeConformanceTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();

  @Override
  protected ObjectExchange newExchange(Path dir) {
    return EtcdObjectExchange.open(
        EtcdOptions.of(EtcdCluster.shared().endpoints())
            .withPrefix("/conformance/x" + EXCHANGES.incrementAndGet()));
  }

  @Override
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    EtcdOptions options = ((EtcdObjectExchange) old).options();
    old.close();
    return EtcdObjectExchange.open(options);
  }

  @Override
  protected void compactUpTo(ObjectExchange exchange, long version) {
    ((EtcdObjectExchange) exchange).compact(version);
  }

  @Override
  protected int historyLimit() {
    return EtcdOptions.DEFAULT_HISTORY_LIMIT;
  }
}
