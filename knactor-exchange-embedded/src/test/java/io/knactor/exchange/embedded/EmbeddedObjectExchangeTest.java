package io.knactor.exchange.embedded;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import java.nio.file.Path;

/** The embedded exchange passes the ObjectExchange conformance suite. */
class EmbeddedObjectExchangeTest extends ObjectExchangeConformanceTest {
  private static final EmbeddedOptions OPTIONS = EmbeddedOptions.defaults().withHistoryLimit(5);

  @Override
  protected ObjectExchange newExchange(Path dir) {
    return EmbeddedObjectExchange.open(dir, OPTIONS);
  }

  @Override
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    old.close();
    return EmbeddedObjectExchange.open(dir, OPTIONS);
  }

  @Override
  protected void compactUpTo(ObjectExchange exchange, long version) {
    ((EmbeddedObjectExchange) exchange).trimChangeLog(version);
  }

  @Override
  protected int historyLimit() {
    return OPTIONS.historyLimit();
  }
}
