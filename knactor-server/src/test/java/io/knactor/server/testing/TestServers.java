package io.knactor.server.testing;

import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;

/**
 * Starts servers for tests: a real server on a free port, on the embedded exchange in a fresh data
 * directory.
 */
public final class TestServers {
  public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";

  private TestServers() {}

  public static KnactorServer start(Path dataDir) {
    return KnactorServer.start(
        ServerConfig.builder().dataDir(dataDir).port(0).adminToken(ADMIN_TOKEN).build());
  }
}
