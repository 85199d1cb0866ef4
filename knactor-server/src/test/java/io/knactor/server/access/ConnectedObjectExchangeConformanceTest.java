package io.knactor.server.access;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import io.knactor.exchange.embedded.EmbeddedOptions;
import io.knactor.server.testing.ServerBackedExchange;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;

/**
 * The whole ObjectExchange conformance suite through an in-JVM connection ({@code
 * KnactorServer.connect}) with the admin token: the checks of the HTTP API without serialization.
 */
class ConnectedObjectExchangeConformanceTest extends ObjectExchangeConformanceTest {
  private static final EmbeddedOptions OPTIONS = EmbeddedOptions.defaults().withHistoryLimit(5);

  @Override
  protected ObjectExchange newExchange(Path dir) {
    return ServerBackedExchange.start(
        dir, OPTIONS, server -> server.connect(TestServers.ADMIN_TOKEN));
  }

  @Override
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    old.close();
    return newExchange(dir);
  }

  @Override
  protected void compactUpTo(ObjectExchange exchange, long version) {
    ((ServerBackedExchange) exchange).backend().trimChangeLog(version);
  }

  @Override
  protected int historyLimit() {
    return OPTIONS.historyLimit();
  }
}
