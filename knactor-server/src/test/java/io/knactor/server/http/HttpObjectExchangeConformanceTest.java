package io.knactor.server.http;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import io.knactor.exchange.embedded.EmbeddedOptions;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.testing.ServerBackedExchange;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;

/**
 * The whole ObjectExchange conformance suite through HTTP: {@link HttpObjectExchange} with the
 * admin token, against a real server on a free port over the embedded exchange.
 */
class HttpObjectExchangeConformanceTest extends ObjectExchangeConformanceTest {
  private static final EmbeddedOptions OPTIONS = EmbeddedOptions.defaults().withHistoryLimit(5);

  @Override
  protected ObjectExchange newExchange(Path dir) {
    return ServerBackedExchange.start(
        dir, OPTIONS, server -> new HttpObjectExchange(server.uri(), TestServers.ADMIN_TOKEN));
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
