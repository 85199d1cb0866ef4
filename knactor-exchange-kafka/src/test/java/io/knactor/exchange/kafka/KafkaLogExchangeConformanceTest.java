package io.knactor.exchange.kafka;

import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchangeConformanceTest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The log exchange contract on a real Kafka broker. Each exchange gets its own namespace, so the
 * tests share one broker without seeing each other's topics; reopening keeps the namespace.
 */
class KafkaLogExchangeConformanceTest extends LogExchangeConformanceTest {
  private static final AtomicInteger EXCHANGES = new AtomicInteger();

  private String namespace;

  @Override
  protected LogExchange newExchange(Path dir) {
    namespace = "conformance-" + ProcessHandle.current().pid() + "-" + EXCHANGES.incrementAndGet();
    return open(namespace);
  }

  @Override
  protected LogExchange reopen(LogExchange old, Path dir) {
    old.close();
    return open(namespace);
  }

  private static LogExchange open(String namespace) {
    return KafkaLogExchange.open(
        KafkaLogOptions.of(KafkaBroker.shared().bootstrapServers()).withNamespace(namespace));
  }
}
