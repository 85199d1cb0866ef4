package io.knactor.examples.smarthome.motion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.examples.smarthome.DeviceReading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated occupancy sensors, one per room (vendor Z's devices). Each read, a room's occupancy
 * changes with probability {@value #CHANGE}; the sensor measures a level in [0, 1), high when the
 * room is occupied, and reports {@code triggered} when the level reaches {@code 1 - sensitivity}.
 * Deterministic: the same seed, rooms and sequence of sensitivities give the same readings.
 * Thread-safe.
 */
public final class MotionSensors {
  static final double CHANGE = 0.25;

  /** The sensitivity the sensors have before any is configured. */
  public static final double DEFAULT_SENSITIVITY = 0.5;

  /** One sensor reading. */
  public record Reading(String room, long time, boolean triggered, double level)
      implements DeviceReading {
    @Override
    public ObjectNode value() {
      return Json.object().put("room", room).put("triggered", triggered).put("level", level);
    }
  }

  private final Random random;
  private final Map<String, Boolean> occupied = new LinkedHashMap<>();
  private volatile double sensitivity = DEFAULT_SENSITIVITY;

  public MotionSensors(long seed, List<String> rooms) {
    this.random = new Random(seed);
    rooms.forEach(room -> occupied.put(room, false));
  }

  /** Sets the sensitivity of every sensor, from 0 (never triggers) to 1 (always). */
  public void setSensitivity(double sensitivity) {
    if (!(sensitivity >= 0 && sensitivity <= 1)) {
      throw new IllegalArgumentException("sensitivity must be in [0, 1], not " + sensitivity);
    }
    this.sensitivity = sensitivity;
  }

  public double sensitivity() {
    return sensitivity;
  }

  /** Every sensor's reading at {@code time} (epoch milliseconds), in room order. */
  public synchronized List<Reading> read(long time) {
    List<Reading> readings = new ArrayList<>();
    for (Map.Entry<String, Boolean> room : occupied.entrySet()) {
      if (random.nextDouble() < CHANGE) {
        room.setValue(!room.getValue());
      }
      double noise = random.nextDouble();
      // Levels in hundredths, so that they print and compare exactly.
      double level =
          Math.round(100 * (room.getValue() ? 0.55 + 0.45 * noise : 0.4 * noise)) / 100.0;
      readings.add(new Reading(room.getKey(), time, level >= 1 - sensitivity, level));
    }
    return readings;
  }
}
