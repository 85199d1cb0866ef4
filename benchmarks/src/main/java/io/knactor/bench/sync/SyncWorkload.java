package io.knactor.bench.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.core.json.Json;
import io.knactor.core.schema.SchemaParser;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SyncPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark's pipelines and inputs, the same for the Sync engine and Kafka Streams: motion
 * readings through filter+rename, lamp energy readings through a keyed tumbling-window aggregate,
 * and flows that share a filter+put prefix. Inputs are generated deterministically.
 */
public final class SyncWorkload {
  /** The aggregate's tumbling window, in event-time milliseconds. */
  public static final long WINDOW_MILLIS = 60_000;

  /** Event time between consecutive source records. */
  public static final long TICK_MILLIS = 10;

  /** Distinct rooms, the aggregate's groups (and the energy readings' keys). */
  public static final int ROOMS = 100;

  private static final SchemaCatalog CATALOG =
      SchemaCatalog.of(
          List.of(
              SchemaParser.parse(
                  """
                  schema: SmartHome/v1/Motion/Reading
                  room: string
                  triggered: boolean
                  level: number
                  """),
              SchemaParser.parse(
                  """
                  schema: SmartHome/v1/Lamp/Energy
                  room: string
                  lamp: string
                  watts: number
                  """),
              SchemaParser.parse(
                  """
                  schema: SmartHome/v1/House/Motion
                  room: string
                  motion: boolean
                  level: number
                  """),
              SchemaParser.parse(
                  """
                  schema: SmartHome/v1/House/RoomEnergy
                  room: string
                  energy: number
                  readings: integer
                  windowStart: integer
                  windowEnd: integer
                  """),
              SchemaParser.parse(
                  """
                  schema: SmartHome/v1/House/Scored
                  room: string
                  triggered: boolean
                  level: number
                  kw: number
                  label: string
                  """)));

  private static final String INPUTS =
      """
      input:
        M: SmartHome/v1/Motion/motion-1
        L: SmartHome/v1/Lamp/lamp-1
        H: SmartHome/v1/House/house-1
      """;

  /** Keeps readings with level > 0.5 and renames {@code triggered} to {@code motion}. */
  public static final String FILTER_RENAME =
      """
      kind: Sync
      name: filter-rename
      """
          + INPUTS
          + """
          flows:
            motion:
              from: M.reading
              pipeline:
                - filter: level > 0.5
                - rename: {triggered: motion}
              to: H.motion
          """;

  /** Energy and reading count per room over tumbling one-minute windows. */
  public static final String AGGREGATE =
      """
      kind: Sync
      name: room-energy
      """
          + INPUTS
          + """
          flows:
            per-room:
              from: L.energy
              pipeline:
                - aggregate:
                    by: room
                    window: {size: 1m}
                    compute:
                      energy: sum(watts)
                      readings: count()
              to: H.roomEnergy
          """;

  private SyncWorkload() {}

  public static SyncPlan plan(String yaml, String file) {
    return new SyncChecker(CATALOG, OperatorRegistry.builder().build()).compile(yaml, file);
  }

  /**
   * {@code flows} flows over the motion readings, each {@code filter: level > 0.5}, {@code put:
   * {kw, label}}, then a threshold filter of its own, into H.scored. The planner runs the shared
   * prefix once for all of them.
   */
  public static String sharedPrefix(int flows) {
    return sharedPrefix(IntStream.range(0, flows).boxed().toList());
  }

  /** The flows numbered {@code numbers} of {@link #sharedPrefix(int)}, as one spec. */
  public static String sharedPrefix(List<Integer> numbers) {
    String flows =
        numbers.stream()
            .map(
                i ->
                    String.join(
                        "\n",
                        "  f" + i + ":",
                        "    from: M.reading",
                        "    pipeline:",
                        "      - filter: level > 0.5",
                        "      - put:",
                        "          kw: level * 100.0",
                        "          label: room + '/' + _key",
                        "      - filter: kw > " + (50 + 5 * i) + ".0",
                        "    to: H.scored",
                        ""))
            .collect(Collectors.joining());
    return "kind: Sync\nname: shared-" + numbers.size() + "\n" + INPUTS + "flows:\n" + flows;
  }

  /** The {@code i}th motion reading: 1,000 sensors, 50 rooms, half of them with level > 0.5. */
  public static SyncRecord reading(int i) {
    ObjectNode value = Json.object();
    value.put("room", "room-" + (i % 50));
    value.put("triggered", i % 3 == 0);
    value.put("level", ((i * 7919L) % 1000) / 1000.0);
    return new SyncRecord("m" + (i % 1000), i * TICK_MILLIS, value);
  }

  /** The {@code i}th lamp energy reading, keyed by its room so that a room is one partition's. */
  public static SyncRecord energy(int i) {
    String room = "room-" + (i % ROOMS);
    ObjectNode value = Json.object();
    value.put("room", room);
    value.put("lamp", "lamp-" + (i % 1000));
    value.put("watts", (i * 31L % 200) / 2.0);
    return new SyncRecord(room, i * TICK_MILLIS, value);
  }

  /** The records {@code from <= i < to} of a generator. */
  public static List<SyncRecord> records(Generator generator, int from, int to) {
    List<SyncRecord> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(generator.record(i));
    }
    return out;
  }

  /** Makes the {@code i}th record of an input. */
  @FunctionalInterface
  public interface Generator {
    SyncRecord record(int i);
  }
}
