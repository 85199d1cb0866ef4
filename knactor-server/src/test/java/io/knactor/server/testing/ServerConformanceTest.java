package io.knactor.server.testing;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeConformanceTest;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import io.knactor.server.KnactorServer;
import java.nio.file.Path;

/**
 * The whole ObjectExchange conformance suite through a real server over the embedded exchange;
 * subclasses say how a client connects to it.
 */
public abstract class ServerConformanceTest extends ObjectExchangeConformanceTest {
  private static final EmbeddedOptions OPTIONS = EmbeddedOptions.defaults().withHistoryLimit(5);

  /** The client under test, connected to {@code server} with the admin token. */
  protected abstract ObjectExchange connect(KnactorServer server);

  @Override
  protected ObjectExchange newExchange(Path dir) {
    return ServerBackedExchange.start(dir, OPTIONS, this::connect);
  }

  @Override
  protected ObjectExchange reopen(ObjectExchange old, Path dir) {
    old.close();
    return newExchange(dir);
  }

  @Override
  protected void compactUpTo(ObjectExchange exchange, long version) {
    ((EmbeddedObjectExchange) ((ServerBackedExchange) exchange).backend()).trimChangeLog(version);
  }

  @Override
  protected int historyLimit() {
    return OPTIONS.historyLimit();
  }
}
