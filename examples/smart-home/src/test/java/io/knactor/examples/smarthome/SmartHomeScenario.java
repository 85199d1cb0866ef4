package io.knactor.examples.smarthome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.smarthome.house.House;
import io.knactor.examples.smarthome.lamp.Bulbs;
import io.knactor.examples.smarthome.lamp.Lamp;
import io.knactor.examples.smarthome.motion.Motion;
import io.knactor.examples.smarthome.motion.MotionSensors;
import io.knactor.sdk.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smart home end to end on real exchanges: the simulated devices report, the Sync and the Cast
 * integrate, and every check compares what reached a store with what the devices reported. Each
 * backend combination extends it with the server it runs on.
 */
abstract class SmartHomeScenario {
  static final String TOKEN = "smart-home-test-admin-token";
  static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
  static final long SEED = 42;
  static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;
  SmartHome home;

  /** Starts the app on this backend's server, with its data (if any) in {@code dir}. */
  abstract SmartHome start(Path dir) throws Exception;

  @BeforeEach
  void startHome() throws Exception {
    home = start(dir);
  }

  @AfterEach
  void closeHome() {
    if (home != null) {
      home.close();
    }
  }

  private List<SmartHome.Tick> run(int ticks) {
    List<SmartHome.Tick> out = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      out.add(home.tick());
    }
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(home.synced()).as("%s", home.syncStatus()).isTrue());
    return out;
  }

  /**
   * Runs {@code ticks} ticks, each only once the previous one went all the way round: its readings
   * synced and the brightness its motion asks for set on the bulbs. The bulbs' readings then depend
   * on the seed only.
   */
  private List<SmartHome.Tick> runInLockstep(int ticks) {
    House.Settings settings = House.Settings.defaults();
    List<SmartHome.Tick> out = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      SmartHome.Tick tick = home.tick();
      out.add(tick);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(
              () -> {
                assertThat(home.synced()).as("%s", home.syncStatus()).isTrue();
                for (MotionSensors.Reading r : tick.motion()) {
                  assertThat(home.bulbs().brightness(r.room()))
                      .as("brightness of %s after tick %d", r.room(), out.size())
                      .isEqualTo(
                          r.triggered()
                              ? settings.brightnessOnMotion()
                              : settings.brightnessIdle());
                }
              });
    }
    return out;
  }

  @Test
  void motionReadingsReachTheHouseLogWithTriggeredRenamedToMotion() {
    List<SmartHome.Tick> ticks = run(24);

    List<String> expected = new ArrayList<>();
    for (SmartHome.Tick tick : ticks) {
      for (MotionSensors.Reading r : tick.motion()) {
        expected.add(
            r.room() + "@" + r.time() + " motion=" + r.triggered() + " level=" + r.level());
      }
    }
    List<String> received = new ArrayList<>();
    for (StoredRecord r : home.houseEvents()) {
      if (r.value().has("motion")) {
        assertThat(r.value().has("triggered")).isFalse();
        assertThat(r.key()).isEqualTo(r.value().get("room").asText());
        received.add(
            r.key()
                + "@"
                + r.timestamp().toEpochMilli()
                + " motion="
                + r.value().get("motion").asBoolean()
                + " level="
                + r.value().get("level").asDouble());
      }
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(expected).anyMatch(e -> e.contains("motion=true"));
    assertThat(expected).anyMatch(e -> e.contains("motion=false"));
  }

  @Test
  void theLatestMotionOfEachRoomIsFoldedIntoTheHouseAndItsBrightnessReachesTheLamp() {
    List<SmartHome.Tick> ticks = run(12);
    Map<String, MotionSensors.Reading> latest = new TreeMap<>();
    ticks.forEach(t -> t.motion().forEach(r -> latest.put(r.room(), r)));
    House.Settings settings = House.Settings.defaults();
    Context house = home.knactor("house").context();
    Context lamp = home.knactor("lamp").context();

    Map<String, Integer> expected = new TreeMap<>();
    latest.forEach(
        (room, r) ->
            expected.put(
                room, r.triggered() ? settings.brightnessOnMotion() : settings.brightnessIdle()));
    assertThat(expected.values()).contains(settings.brightnessOnMotion());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (Map.Entry<String, Integer> room : expected.entrySet()) {
                JsonNode inHouse = house.get(House.ROOM, room.getKey()).orElseThrow().data();
                assertThat(inHouse.get("motion").asBoolean())
                    .isEqualTo(latest.get(room.getKey()).triggered());
                assertThat(inHouse.get("brightness").asInt()).isEqualTo(room.getValue());
                JsonNode light = lamp.get(Lamp.LIGHT, room.getKey()).orElseThrow().data();
                assertThat(light.get("brightness").asInt()).isEqualTo(room.getValue());
                assertThat(light.get("applied").asInt()).isEqualTo(room.getValue());
                assertThat(home.bulbs().brightness(room.getKey())).isEqualTo(room.getValue());
              }
            });

    // The owner changes the idle brightness: the House re-chooses, the Cast posts it to the Lamp.
    House.configure(
        house,
        new House.Settings(
            settings.owner(), settings.sensitivity(), settings.brightnessOnMotion(), 0));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (Map.Entry<String, MotionSensors.Reading> room : latest.entrySet()) {
                int brightness = room.getValue().triggered() ? settings.brightnessOnMotion() : 0;
                assertThat(
                        lamp.get(Lamp.LIGHT, room.getKey())
                            .orElseThrow()
                            .data()
                            .get("applied")
                            .asInt())
                    .isEqualTo(brightness);
              }
            });
  }

  @Test
  void theHouseSensitivityReachesTheMotionSensorsThroughTheCast() {
    Context motion = home.knactor("motion").context();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode config =
                  motion.get(Motion.CONFIG, House.CONFIG).map(StoredObject::data).orElseThrow();
              assertThat(config.get("sensitivity").asDouble()).isEqualTo(0.6);
              assertThat(config.get("applied").asDouble()).isEqualTo(0.6);
            });
    assertThat(home.sensors().sensitivity()).isEqualTo(0.6);

    House.configure(home.knactor("house").context(), new House.Settings("alice", 0.9, 100, 10));
    await().atMost(WAIT).until(() -> home.sensors().sensitivity() == 0.9);
  }

  @Test
  void energyPerRoomAndMinuteEqualsTheSumOfTheBulbsReadings() {
    // Three minutes of ticks and one more at the start of the fourth, which closes the third.
    List<SmartHome.Tick> ticks = runInLockstep(3 * 12 + 1);
    long end = ticks.get(ticks.size() - 1).time();

    Map<String, Double> expectedJoules = new TreeMap<>();
    Map<String, Integer> expectedReadings = new TreeMap<>();
    for (SmartHome.Tick tick : ticks) {
      for (Bulbs.Reading r : tick.energy()) {
        long windowStart = r.time() - Math.floorMod(r.time(), 60_000L);
        if (windowStart + 60_000 <= end) {
          String window = r.room() + "@" + windowStart;
          expectedJoules.merge(window, r.joules(), Double::sum);
          expectedReadings.merge(window, 1, Integer::sum);
        }
      }
    }
    assertThat(expectedJoules).hasSize(3 * 3);
    assertThat(expectedJoules.values()).anyMatch(j -> j > 1000);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(energyEvents(home.houseEvents())).hasSize(expectedJoules.size()));
    Map<String, Double> joules = new TreeMap<>();
    Map<String, Integer> readings = new TreeMap<>();
    for (StoredRecord r : energyEvents(home.houseEvents())) {
      JsonNode v = r.value();
      String window = v.get("room").asText() + "@" + v.get("windowStart").asLong();
      assertThat(v.get("windowEnd").asLong() - v.get("windowStart").asLong()).isEqualTo(60_000);
      assertThat(v.get("kwh").asDouble())
          .isCloseTo(v.get("joules").asDouble() / 3.6e6, within(1e-12));
      assertThat(joules.put(window, v.get("joules").asDouble()))
          .as("one event per window")
          .isNull();
      readings.put(window, v.get("readings").asInt());
    }
    assertThat(joules).isEqualTo(expectedJoules);
    assertThat(readings).isEqualTo(expectedReadings);
  }

  private static List<StoredRecord> energyEvents(List<StoredRecord> events) {
    return events.stream().filter(r -> r.value().has("joules")).toList();
  }
}
