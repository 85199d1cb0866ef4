package io.knactor.examples.smarthome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.knactor.core.error.ForbiddenException;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.smarthome.house.House;
import io.knactor.examples.smarthome.lamp.Bulbs;
import io.knactor.examples.smarthome.lamp.Lamp;
import io.knactor.examples.smarthome.motion.Motion;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  void aKnactorAppendsOnlyToItsOwnLogStore() {
    List<Bulbs.Reading> forged = List.of(new Bulbs.Reading("hall", "hall-1", 0, 40, 1_000_000));

    assertThatThrownBy(() -> Lamp.record(home.logs("motion"), forged))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("a knactor reaches only its own store");
    assertThatThrownBy(() -> home.logs("motion").read(House.STORE, 0, 0, 10))
        .isInstanceOf(ForbiddenException.class);
    Lamp.record(home.logs("lamp"), forged);
    assertThat(home.logs("lamp").describe(Lamp.STORE).partitions())
        .anyMatch(p -> p.endOffset() == 1);
  }

  @Test
  void theServerRunsTheSyncAsItsPrincipalWithDerivedGrants() {
    assertThat(home.server().admin().syncs())
        .singleElement()
        .satisfies(s -> assertThat(s.name()).isEqualTo(SmartHome.SYNC));
    assertThat(home.server().admin().grants())
        .filteredOn(g -> g.principal().equals(SmartHome.SYNC))
        .extracting(g -> g.store() + " " + g.kind())
        .contains(
            House.STORE + " " + House.ROOM,
            House.STORE + " " + House.EVENT,
            Motion.STORE + " " + Motion.READING,
            Lamp.STORE + " " + Lamp.ENERGY);
    assertThat(home.syncStatus()).isPresent();
  }

  @Test
  void aNewSyncRevisionAndItsRollbackResumeWithoutLosingOrRepeatingAReading() {
    String spec = AppFiles.read(SmartHome.SYNC_FILE);
    String revised = spec.replace("cut: [motion, level]", "cut: [motion]");
    assertThat(revised).isNotEqualTo(spec);
    List<SmartHome.Tick> ticks = new ArrayList<>();

    ticks.addAll(ticks(6));
    home.server().admin().apply(revised);
    awaitRunningRevision(2);
    ticks.addAll(ticks(6));
    assertThat(home.server().admin().rollbackSync(SmartHome.SYNC, 1L).current()).isEqualTo(3);
    awaitRunningRevision(3);
    ticks.addAll(ticks(6));

    List<String> expected = new ArrayList<>();
    ticks.forEach(t -> t.motion().forEach(r -> expected.add(r.room() + "@" + r.time())));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        home.houseEvents().stream()
                            .filter(r -> r.value().has("motion"))
                            .map(r -> r.key() + "@" + r.timestamp().toEpochMilli()))
                    .containsExactlyInAnyOrderElementsOf(expected));
  }

  private List<SmartHome.Tick> ticks(int n) {
    List<SmartHome.Tick> ticks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ticks.add(home.tick());
    }
    return ticks;
  }

  private void awaitRunningRevision(long revision) {
    await()
        .atMost(WAIT)
        .until(() -> home.syncStatus().map(s -> s.revision() == revision).orElse(false));
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
