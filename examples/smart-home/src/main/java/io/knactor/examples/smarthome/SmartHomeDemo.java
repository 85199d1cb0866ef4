package io.knactor.examples.smarthome;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.kit.DemoLifecycle;
import io.knactor.examples.kit.DemoOptions;
import io.knactor.examples.smarthome.house.House;
import io.knactor.examples.smarthome.lamp.Lamp;
import io.knactor.examples.smarthome.motion.Motion;
import io.knactor.sdk.Context;
import io.knactor.server.KnactorServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The smart-home demo: starts a Knactor server (embedded exchanges by default, or the backends
 * {@code --objects} and {@code --logs} name) with the House, Motion and Lamp knactors in this JVM,
 * the {@code home} Cast and the {@code home-readings} Sync (both run by the server); runs the
 * simulated sensors and bulbs for a few minutes of device time (a tick of 5 s every {@code
 * --tick-ms} of real time), printing each minute's progress; then prints the House's state and the
 * {@code bin/knactor} commands to inspect it.
 *
 * <pre>
 * SmartHomeDemo [--minutes N] [--seed N] [--tick-ms N] [--port P] [--data-dir DIR]
 *               [--objects URI] [--logs URI] [--keep-running]
 * </pre>
 *
 * Defaults: 3 minutes, seed 7, 50 ms per tick, port 8080, a new temporary data directory.
 */
public final class SmartHomeDemo {
  static final String MINUTES = "--minutes";
  static final String SEED = "--seed";
  static final String TICK_MS = "--tick-ms";
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private SmartHomeDemo() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options =
        DemoOptions.parse("SmartHomeDemo", args, Map.of(MINUTES, 3, SEED, 7, TICK_MS, 50));
    String token = DemoOptions.adminToken("home");
    SmartHome home =
        SmartHome.start(
            KnactorServer.start(options.serverConfig(token)),
            token,
            SmartHome.Layout.defaults(options.count(SEED)),
            new SimulatedClock(Instant.now().truncatedTo(ChronoUnit.MINUTES)));
    DemoLifecycle.run(
        home,
        options.keepRunning(),
        () -> {
          run(home, options, System.out);
          printHowToInspect(home, options, System.out);
        });
  }

  /** Runs the devices for the demo's minutes, printing progress, then the House's state. */
  static void run(SmartHome home, DemoOptions options, PrintStream out)
      throws InterruptedException {
    out.println(
        "Smart home running: Knactor server at "
            + home.server().uri()
            + ", data in "
            + options.dataDir().toAbsolutePath()
            + " ("
            + options.describeExchanges()
            + ")");
    out.println(
        "Cast "
            + SmartHome.CAST
            + " ("
            + SmartHome.CAST_FILE
            + ") and Sync "
            + SmartHome.SYNC
            + " ("
            + SmartHome.SYNC_FILE
            + ") run by the server");
    long ticksPerMinute = Duration.ofMinutes(1).dividedBy(SmartHome.TICK);
    int minutes = options.count(MINUTES);
    for (int minute = 1; minute <= minutes; minute++) {
      for (int i = 0; i < ticksPerMinute; i++) {
        home.tick();
        Thread.sleep(options.count(TICK_MS));
      }
      out.printf(
          "minute %d/%d (device time %s): %s%n",
          minute, minutes, home.clock().instant(), rooms(home));
    }
    // One more tick: it closes the last minute's energy windows.
    home.tick();
    awaitSynced(home);
    printState(home, out);
  }

  private static void awaitSynced(SmartHome home) throws InterruptedException {
    long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
    while (!home.synced()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the Sync still lags after " + SYNC_TIMEOUT + ": " + home.syncStatus());
      }
      Thread.sleep(20);
    }
  }

  /** Each room's motion and brightness in the House, and its Light's brightness in the Lamp. */
  private static String rooms(SmartHome home) {
    Context house = home.knactor("house").context();
    Context lamp = home.knactor("lamp").context();
    return house.list(House.ROOM).stream()
        .map(
            room -> {
              JsonNode light =
                  lamp.get(Lamp.LIGHT, room.name()).map(StoredObject::data).orElse(null);
              return room.name()
                  + (room.data().path("motion").asBoolean() ? " motion" : " still")
                  + ", brightness "
                  + room.data().path("brightness").asText("-")
                  + " (lamp "
                  + (light == null ? "-" : light.path("applied").asText("-"))
                  + ")";
            })
        .collect(Collectors.joining("; "));
  }

  static void printState(SmartHome home, PrintStream out) {
    Context house = home.knactor("house").context();
    out.println();
    out.println("The House's object store (" + House.STORE + "):");
    house
        .get(House.HOUSE, House.CONFIG)
        .ifPresent(c -> out.println("  House/" + House.CONFIG + ": " + c.data()));
    for (StoredObject room : house.list(House.ROOM)) {
      out.println("  Room/" + room.name() + ": " + room.data());
    }
    home.knactor("motion")
        .context()
        .get(Motion.CONFIG, House.CONFIG)
        .ifPresent(c -> out.println("The Motion sensors' configuration: " + c.data()));
    List<StoredRecord> events = home.houseEvents();
    long motion = events.stream().filter(r -> r.value().has("motion")).count();
    out.println(
        "The House's log ("
            + House.STORE
            + "): "
            + events.size()
            + " events, "
            + motion
            + " motion readings; energy per room and minute:");
    events.stream()
        .filter(r -> r.value().has("kwh"))
        .sorted(
            (a, b) ->
                a.value().path("windowStart").asLong() != b.value().path("windowStart").asLong()
                    ? Long.compare(
                        a.value().path("windowStart").asLong(),
                        b.value().path("windowStart").asLong())
                    : a.key().compareTo(b.key()))
        .forEach(
            r ->
                out.printf(
                    "  %s %-8s %8.0f J = %.6f kWh (%d readings)%n",
                    Instant.ofEpochMilli(r.value().path("windowStart").asLong()),
                    r.value().path("room").asText(),
                    r.value().path("joules").asDouble(),
                    r.value().path("kwh").asDouble(),
                    r.value().path("readings").asInt()));
  }

  static void printHowToInspect(SmartHome home, DemoOptions options, PrintStream out) {
    out.println();
    out.println("Look at the states from another terminal:");
    out.println("  export KNACTOR_SERVER=" + home.server().uri());
    out.println("  export KNACTOR_TOKEN=" + home.adminToken());
    out.println("  bin/knactor get " + House.STORE + " " + House.ROOM);
    out.println("  bin/knactor get " + Lamp.STORE + " " + Lamp.LIGHT);
    out.println("  bin/knactor history " + Lamp.STORE + " " + Lamp.LIGHT + " kitchen");
    out.println("  bin/knactor log read " + House.STORE + " --max 20");
    out.println("  bin/knactor log tail " + Motion.STORE);
    out.println("  bin/knactor get cast " + SmartHome.CAST);
    out.println("  bin/knactor get sync " + SmartHome.SYNC);
    out.println("  bin/knactor rollout history sync/" + SmartHome.SYNC);
    if (!options.keepRunning()) {
      out.println("(the server stops now; run with --keep-running to keep it up)");
    }
  }
}
