package io.knactor.sync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.json.Json;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.sync.Home;
import io.knactor.sync.plan.SyncPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running Sync closes a quiet partition's last window after its idle timeout, once. */
class IdleRuntimeTest {
  private static final StoreRef L = StoreRef.parse("SmartHome/v1/Lamp/lamp-1");
  private static final StoreRef H = StoreRef.parse("SmartHome/v1/House/house-1");
  private static final SyncPlan PLAN =
      Home.plan(
          """
          energy:
            from: L.energy
            pipeline:
              - aggregate:
                  by: room
                  window: {size: 1m}
                  compute: {energy: sum(watts), readings: count()}
            to: H.roomEnergy
            idleTimeout: 30s
          """);

  @TempDir Path dir;
  private EmbeddedLogExchange logs;
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @BeforeEach
  void open() {
    logs = EmbeddedLogExchange.open(dir.resolve("logs"));
    logs.createStore(LogStoreSpec.of(L, "Energy", 1));
    logs.createStore(LogStoreSpec.of(H, "RoomEnergy", 1));
  }

  @AfterEach
  void close() {
    logs.close();
  }

  private SyncRuntime start() {
    return SyncRuntime.start(
        PLAN, logs, null, 1, SyncRuntime.Options.defaults().withWallClock(clock::get));
  }

  @Test
  void theLastWindowIsAppendedOnceWhenThePartitionHasBeenIdleLongEnough() {
    logs.append(L, List.of(reading(1_000, 60.0), reading(2_000, 40.0)));
    try (SyncRuntime runtime = start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      assertThat(logs.read(H, 0, 0, 10)).isEmpty();

      clock.addAndGet(31_000);
      await().atMost(Duration.ofSeconds(30)).until(() -> !logs.read(H, 0, 0, 10).isEmpty());
    }
    // A restart over the committed state does not emit the window again, however long it idles.
    clock.addAndGet(3_600_000);
    try (SyncRuntime runtime = start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      clock.addAndGet(3_600_000);
      logs.append(L, List.of(reading(9_000_000, 1.0)));
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
    }
    assertThat(logs.read(H, 0, 0, 10))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.value().toString())
                    .isEqualTo(
                        "{\"room\":\"hall\",\"energy\":100.0,\"readings\":2,"
                            + "\"windowStart\":0,\"windowEnd\":60000}"));
  }

  private static LogRecord reading(long time, double watts) {
    return new LogRecord(
        "l1",
        Instant.ofEpochMilli(time),
        Json.parseObject("{\"room\":\"hall\",\"lamp\":\"l1\",\"watts\":" + watts + "}", "r"));
  }
}
