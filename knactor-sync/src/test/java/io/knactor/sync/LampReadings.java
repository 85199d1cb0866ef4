package io.knactor.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.json.Json;
import io.knactor.sync.operator.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Lamp readings keyed by lamp, and their energy per room and minute computed without the engine.
 */
public final class LampReadings {
  /**
   * A flow summing the readings per room and minute through a repartition by room, with dead
   * letters and an idle timeout (as a {@code flows:} entry for {@link Home#plan}).
   */
  public static final String ROOM_ENERGY =
      """
      room-energy:
        from: L.energy
        pipeline:
          - repartition: {by: [room]}
          - aggregate:
              by: room
              window: {size: 1m}
              compute: {energy: sum(watts), readings: count()}
        to: H.roomEnergy
        deadLetter: H.rejected
        idleTimeout: 30s
      """;

  private LampReadings() {}

  /** Readings of 24 lamps in 5 rooms over 5 minutes, whole watts so that sums are exact. */
  public static List<SyncRecord> readings() {
    Random random = new Random(42);
    List<SyncRecord> out = new ArrayList<>();
    for (long time = 0; time < 300_000; time += 1_000 + random.nextInt(2_000)) {
      int lamp = random.nextInt(24);
      String room = "room" + lamp % 5;
      out.add(
          new SyncRecord(
              "lamp" + lamp,
              time,
              Json.parseObject(
                  "{\"room\":\""
                      + room
                      + "\",\"lamp\":\"lamp"
                      + lamp
                      + "\",\"watts\":"
                      + (1 + random.nextInt(100))
                      + ".0}",
                  "reading")));
    }
    return out;
  }

  /** "room windowStart" to "energy readings", computed without the engine. */
  public static Map<String, String> expected(List<SyncRecord> readings) {
    Map<String, double[]> sums = new TreeMap<>();
    for (SyncRecord r : readings) {
      double[] s =
          sums.computeIfAbsent(
              r.value().get("room").asText() + " " + (r.time() / 60_000 * 60_000),
              k -> new double[2]);
      s[0] += r.value().get("watts").asDouble();
      s[1]++;
    }
    Map<String, String> out = new TreeMap<>();
    sums.forEach((k, s) -> out.put(k, s[0] + " " + (long) s[1]));
    return out;
  }

  public static Map<String, String> results(List<SyncRecord> appended) {
    Map<String, String> out = new TreeMap<>();
    for (SyncRecord r : appended) {
      String previous =
          out.put(
              r.value().get("room").asText() + " " + r.value().get("windowStart").asLong(),
              r.value().get("energy").asDouble() + " " + r.value().get("readings").asLong());
      assertThat(previous).as("a second result for %s", r).isNull();
    }
    return out;
  }
}
