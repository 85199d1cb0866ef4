package io.knactor.examples.smarthome;

import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;

/** The smart-home scenario on the embedded exchanges (RocksDB in a temporary directory). */
class SmartHomeTest extends SmartHomeScenario {
  @Override
  SmartHome start(Path dir) throws Exception {
    KnactorServer server =
        KnactorServer.start(ServerConfig.builder().dataDir(dir).port(0).adminToken(TOKEN).build());
    return SmartHome.start(
        server, TOKEN, SmartHome.Layout.defaults(SEED), new SimulatedClock(START));
  }
}
