package io.knactor.examples.smarthome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.smarthome.house.House;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The smart-home scenario on the embedded exchanges (RocksDB in a temporary directory). */
class SmartHomeTest extends SmartHomeScenario {
  @Override
  SmartHome start(Path dir) throws Exception {
    KnactorServer server =
        KnactorServer.start(ServerConfig.builder().dataDir(dir).port(0).adminToken(TOKEN).build());
    return SmartHome.start(
        server, TOKEN, SmartHome.Layout.defaults(SEED), new SimulatedClock(START));
  }

  @Test
  void aNewCastRevisionChangesTheLampPolicyWithoutTouchingAKnactor() {
    String cast =
        AppFiles.read(SmartHome.CAST_FILE)
            .replace(
                "brightness: H.room.brightness", "brightness: 'H.room.brightness > 50 ? 80 : 0'");
    assertThat(cast).contains("? 80 : 0");

    home.server().admin().apply(cast);
    for (int i = 0; i < 12; i++) {
      home.tick();
    }

    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (String room : home.bulbs().fixtures().keySet()) {
                int chosen =
                    home.knactor("house")
                        .context()
                        .get(House.ROOM, room)
                        .orElseThrow()
                        .data()
                        .get("brightness")
                        .asInt();
                assertThat(home.bulbs().brightness(room)).isEqualTo(chosen > 50 ? 80 : 0);
              }
            });
  }
}
