package io.knactor.server.http;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.ServerConformanceTest;
import io.knactor.server.testing.TestServers;

/**
 * The whole ObjectExchange conformance suite through HTTP: {@link HttpObjectExchange} with the
 * admin token, against a real server on a free port over the embedded exchange.
 */
class HttpObjectExchangeConformanceTest extends ServerConformanceTest {
  @Override
  protected ObjectExchange connect(KnactorServer server) {
    return new HttpObjectExchange(server.uri(), TestServers.ADMIN_TOKEN);
  }
}
