package io.knactor.examples.smarthome;

import io.knactor.exchange.kafka.KafkaBroker;
import io.knactor.exchange.redis.RedisServerProcess;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smart-home scenario with the objects on a real redis-server and the logs on a real Kafka
 * broker (a KRaft node in a child JVM), each test under its own key prefix and topic namespace: the
 * same app, specs and checks as on the embedded exchanges, only the URIs differ.
 */
class SmartHomeBackendsIT extends SmartHomeScenario {
  private static final AtomicInteger RUNS = new AtomicInteger();

  @Override
  SmartHome start(Path dir) throws Exception {
    String run = "smart-home-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    KnactorServer server =
        KnactorServer.start(
            ServerConfig.builder()
                .dataDir(dir)
                .port(0)
                .adminToken(TOKEN)
                .objects(RedisServerProcess.shared().uri(run))
                .logs(
                    URI.create(
                        "kafka://"
                            + KafkaBroker.shared().bootstrapServers()
                            + "?namespace="
                            + run
                            + "&replicationFactor=1"))
                .build());
    return SmartHome.start(
        server, TOKEN, SmartHome.Layout.defaults(SEED), new SimulatedClock(START));
  }
}
