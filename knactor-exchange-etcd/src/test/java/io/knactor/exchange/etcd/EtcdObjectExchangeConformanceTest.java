package io.knactor.exchange.etcd;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;

/**
 * The ObjectExchange contract on a real single-member etcd, one fresh prefix per exchange. The
 * member is started once for the class and shared: exchanges under different prefixes do not see
 * each other.
 */
class EtcdObjectExchangeConformanceTest extends ObjectExchangeConformanceTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static EtcdCluster etcd;

  private static synchronized EtcdCluster etcd() {
    if (etcd == null) {
      try {
        etcd = EtcdCluster.start(Files.createTempDirectory("knactor-etcd"), 1);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return etcd;
  }

  @AfterAll
  static synchronized void stopEtcd() {
    if (etcd != null) {
      etcd.close();
      etcd = null;
    }
  }

  @Override
  protected ObjectExchange newExchange(Path dir) {
    return EtcdObjectExchange.open(
        EtcdOptions.of(etcd().endpoints())
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
