package io.knactor.examples.smarthome;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StoredRecord;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.kit.HostedKnactors;
import io.knactor.examples.smarthome.house.House;
import io.knactor.examples.smarthome.lamp.Bulbs;
import io.knactor.examples.smarthome.lamp.Lamp;
import io.knactor.examples.smarthome.motion.Motion;
import io.knactor.examples.smarthome.motion.MotionSensors;
import io.knactor.sdk.Knactor;
import io.knactor.server.KnactorServer;
import io.knactor.sync.runtime.RuntimeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The smart-home app of the Knactor paper's Figure 4 in one JVM: a Knactor server, the House,
 * Motion and Lamp knactors each connected as its own principal to its own object store (and owning
 * a log store), the {@code home} Cast and the {@code home-readings} Sync, both applied to and run
 * by the server, and the simulated devices, which report one reading each per {@link #tick()}.
 */
public final class SmartHome implements AutoCloseable {
  public static final List<String> SCHEMAS =
      List.of("schemas/house.yaml", "schemas/motion.yaml", "schemas/lamp.yaml");
  public static final String REGISTRATION = "knactors.yaml";
  public static final String CAST_FILE = "casts/home.yaml";
  public static final String SYNC_FILE = "syncs/home.yaml";

  /** The name of the Cast (and of the integrator principal the server runs it as). */
  public static final String CAST = "home";

  /** The name of the Sync (and of the integrator principal the server runs it as). */
  public static final String SYNC = "home-readings";

  /** How much device time passes per tick; each device reports once per tick. */
  public static final Duration TICK = Duration.ofSeconds(5);

  /** The house: its rooms with their bulbs, its configuration, and the devices' seed. */
  public record Layout(Map<String, Bulbs.Fixture> rooms, House.Settings settings, long seed) {
    public static Layout defaults(long seed) {
      Map<String, Bulbs.Fixture> rooms = new LinkedHashMap<>();
      rooms.put("hall", new Bulbs.Fixture(2, 40));
      rooms.put("kitchen", new Bulbs.Fixture(3, 60));
      rooms.put("bedroom", new Bulbs.Fixture(1, 60));
      return new Layout(rooms, House.Settings.defaults(), seed);
    }
  }

  /** What the devices reported in one tick. */
  public record Tick(long time, List<MotionSensors.Reading> motion, List<Bulbs.Reading> energy) {}

  private final HostedKnactors hosted;
  private final SimulatedClock clock;
  // Each knactor's connection to the log exchange, checked as the knactor, by name.
  private final Map<String, LogExchange> logs = new LinkedHashMap<>();
  private final MotionSensors sensors;
  private final Bulbs bulbs;

  private SmartHome(KnactorServer server, String adminToken, Layout layout, SimulatedClock clock) {
    this.hosted = new HostedKnactors(server, adminToken);
    this.clock = clock;
    this.sensors = new MotionSensors(layout.seed(), List.copyOf(layout.rooms().keySet()));
    this.bulbs = new Bulbs(layout.seed() + 1, layout.rooms());
  }

  /**
   * Registers the app on {@code server} (the schemas, {@code knactors.yaml} and the Cast, in one
   * apply), creates the knactors' log stores, applies the Sync (which reads and writes them),
   * starts the knactors and stores the house's configuration and the lamps' lights. The devices
   * report at {@code clock}'s times. The app owns the server from then on: it closes it, also when
   * starting fails.
   *
   * @throws UnavailableException when the server hosts no log exchange
   */
  public static SmartHome start(
      KnactorServer server, String adminToken, Layout layout, SimulatedClock clock)
      throws InterruptedException {
    SmartHome home = new SmartHome(server, adminToken, layout, clock);
    try {
      if (server.logs().isEmpty()) {
        throw new UnavailableException("the smart home needs a log exchange");
      }
      server.admin().apply(registration());
      HostedKnactors hosted = home.hosted;
      for (String knactor : List.of("house", "motion", "lamp")) {
        home.logs.put(knactor, hosted.logs(knactor));
      }
      House.createLog(home.logs("house"));
      Motion.createLog(home.logs("motion"));
      Lamp.createLog(home.logs("lamp"));
      server.admin().apply(AppFiles.read(SYNC_FILE));
      hosted.start("house", House.knactor(hosted.connect("house")));
      hosted.start("motion", Motion.knactor(hosted.connect("motion"), home.sensors));
      hosted.start("lamp", Lamp.knactor(hosted.connect("lamp"), home.bulbs));
      hosted.awaitSynced();
      House.configure(home.knactor("house").context(), layout.settings());
      Lamp.install(home.knactor("lamp").context(), home.bulbs);
      return home;
    } catch (RuntimeException | InterruptedException e) {
      home.close();
      throw e;
    }
  }

  /** The schemas, the registration and the Cast, as one multi-document apply. */
  public static String registration() {
    List<String> files = new ArrayList<>(SCHEMAS);
    files.add(REGISTRATION);
    files.add(CAST_FILE);
    return AppFiles.join(files);
  }

  /**
   * One tick of the devices at the clock's time: every sensor and every bulb reports, their
   * readings are appended to the Motion and Lamp log stores, and the clock moves on by {@link
   * #TICK}.
   */
  public Tick tick() {
    long time = clock.millis();
    Tick tick = new Tick(time, sensors.read(time), bulbs.read(time, TICK.toSeconds()));
    Motion.record(logs("motion"), tick.motion());
    Lamp.record(logs("lamp"), tick.energy());
    clock.advance(TICK);
    return tick;
  }

  /** True when the server runs the Sync and it has processed every reading appended so far. */
  public boolean synced() {
    return syncStatus().map(s -> s.lag() == 0).orElse(false);
  }

  /** The status of the Sync the server runs, or empty when it does not run. */
  public Optional<RuntimeStatus> syncStatus() {
    return server().admin().syncStatus(SYNC);
  }

  /** Every record of the House's event log, partition by partition, read as the House. */
  public List<StoredRecord> houseEvents() {
    List<StoredRecord> records = new ArrayList<>();
    logs("house").scan(ScanRequest.of(House.STORE), records::add);
    return records;
  }

  /**
   * The connection of the knactor {@code name} ({@code house}, {@code motion} or {@code lamp}) to
   * the server's log exchange: it reaches only that knactor's own log store.
   */
  public LogExchange logs(String name) {
    LogExchange connection = logs.get(name);
    if (connection == null) {
      throw new IllegalArgumentException("no knactor " + name + " (have " + logs.keySet() + ")");
    }
    return connection;
  }

  /** The running knactor named as its principal: {@code house}, {@code motion} or {@code lamp}. */
  public Knactor knactor(String name) {
    return hosted.knactor(name);
  }

  public SimulatedClock clock() {
    return clock;
  }

  public MotionSensors sensors() {
    return sensors;
  }

  public Bulbs bulbs() {
    return bulbs;
  }

  public KnactorServer server() {
    return hosted.server();
  }

  public String adminToken() {
    return hosted.adminToken();
  }

  /** Stops the knactors, then the server (and with it the Cast, the Sync and the exchanges). */
  @Override
  public void close() {
    hosted.close();
  }
}
