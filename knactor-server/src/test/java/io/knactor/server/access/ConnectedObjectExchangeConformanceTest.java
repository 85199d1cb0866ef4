package io.knactor.server.access;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.ServerConformanceTest;
import io.knactor.server.testing.TestServers;

/**
 * The whole ObjectExchange conformance suite through an in-JVM connection ({@code
 * KnactorServer.connect}) with the admin token: the checks of the HTTP API without serialization.
 */
class ConnectedObjectExchangeConformanceTest extends ServerConformanceTest {
  @Override
  protected ObjectExchange connect(KnactorServer server) {
    return server.connect(TestServers.ADMIN_TOKEN);
  }
}
