package io.knactor.examples.smarthome.lamp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.examples.smarthome.DeviceReading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated smart bulbs (vendor Y's devices): each room has a number of bulbs of a rated power, all
 * at the room's brightness (0 to 100 %, 0 until set). Each read, every bulb reports the power it
 * draws, in whole watts (its share of the rated power plus 0 to 2 W of standby and noise), and the
 * energy it used since the last read, in joules. Whole numbers keep sums exact. Deterministic: the
 * same seed, rooms and sequence of brightnesses give the same readings. Thread-safe.
 */
public final class Bulbs {
  /** A room's bulbs: how many, and the rated power of each. */
  public record Fixture(int bulbs, double watts) {}

  /** One bulb's energy reading over {@code seconds} up to {@code time}. */
  public record Reading(String room, String lamp, long time, double watts, double joules)
      implements DeviceReading {
    @Override
    public ObjectNode value() {
      return Json.object()
          .put("room", room)
          .put("lamp", lamp)
          .put("watts", watts)
          .put("joules", joules);
    }
  }

  private final Random random;
  private final Map<String, Fixture> fixtures;
  private final Map<String, Integer> brightness = new LinkedHashMap<>();

  public Bulbs(long seed, Map<String, Fixture> fixtures) {
    this.random = new Random(seed);
    this.fixtures = new LinkedHashMap<>(fixtures);
    fixtures.keySet().forEach(room -> brightness.put(room, 0));
  }

  public Map<String, Fixture> fixtures() {
    return Map.copyOf(fixtures);
  }

  /** Sets the brightness of every bulb in {@code room}, 0 to 100. */
  public synchronized void setBrightness(String room, int percent) {
    if (!fixtures.containsKey(room)) {
      throw new IllegalArgumentException(
          "no bulbs in room " + room + " (have " + fixtures.keySet() + ")");
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("brightness must be 0 to 100, not " + percent);
    }
    brightness.put(room, percent);
  }

  public synchronized int brightness(String room) {
    return brightness.getOrDefault(room, 0);
  }

  /** Every bulb's reading at {@code time} over the last {@code seconds}, room by room. */
  public synchronized List<Reading> read(long time, long seconds) {
    List<Reading> readings = new ArrayList<>();
    for (Map.Entry<String, Fixture> room : fixtures.entrySet()) {
      Fixture fixture = room.getValue();
      for (int bulb = 1; bulb <= fixture.bulbs(); bulb++) {
        double watts =
            Math.round(fixture.watts() * brightness.get(room.getKey()) / 100.0) + random.nextInt(3);
        readings.add(
            new Reading(room.getKey(), room.getKey() + "-" + bulb, time, watts, watts * seconds));
      }
    }
    return readings;
  }
}
