package io.knactor.exchange.embedded.log;

import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchangeConformanceTest;
import java.nio.file.Path;
import java.time.Duration;

/** The embedded log exchange passes the log exchange conformance suite unchanged. */
class EmbeddedLogExchangeConformanceTest extends LogExchangeConformanceTest {
  private static final EmbeddedLogOptions ON_DEMAND_RETENTION =
      EmbeddedLogOptions.defaults().withRetentionInterval(Duration.ZERO);

  @Override
  protected LogExchange newExchange(Path dir) {
    return EmbeddedLogExchange.open(dir.resolve("logs"), ON_DEMAND_RETENTION);
  }

  @Override
  protected LogExchange reopen(LogExchange old, Path dir) {
    old.close();
    return EmbeddedLogExchange.open(dir.resolve("logs"), ON_DEMAND_RETENTION);
  }
}
