package io.knactor.sync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.exchange.embedded.log.EmbeddedLogOptions;
import io.knactor.sync.Home;
import io.knactor.sync.LampReadings;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SyncPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repartitioning Sync over a real embedded log exchange: lamp-keyed readings in 4 partitions,
 * summed per room and minute, exactly once across restarts and fenced instances.
 */
class RepartitionRuntimeTest {
  private static final StoreRef L = StoreRef.parse("SmartHome/v1/Lamp/lamp-1");
  private static final StoreRef H = StoreRef.parse("SmartHome/v1/House/house-1");
  private static final SyncPlan PLAN = Home.plan(LampReadings.ROOM_ENERGY);

  private final AtomicLong clock = new AtomicLong(10_000_000);
  @TempDir Path dir;
  private EmbeddedLogExchange logs;

  @BeforeEach
  void open() {
    logs =
        EmbeddedLogExchange.open(
            dir.resolve("logs"),
            EmbeddedLogOptions.defaults().withRetentionInterval(Duration.ZERO));
    logs.createStore(LogStoreSpec.of(L, "Energy", 4));
    logs.createStore(LogStoreSpec.of(H, "RoomEnergy", 1));
  }

  @AfterEach
  void close() {
    logs.close();
  }

  private SyncRuntime start() {
    return SyncRuntime.start(
        PLAN,
        logs,
        null,
        2,
        new SyncRuntime.Options(50, Duration.ofMillis(20), "sync").withWallClock(clock::get));
  }

  private void append(List<SyncRecord> readings) {
    for (int i = 0; i < readings.size(); i += 10) {
      List<LogRecord> chunk = new ArrayList<>();
      for (SyncRecord r : readings.subList(i, Math.min(readings.size(), i + 10))) {
        chunk.add(new LogRecord(r.key(), Instant.ofEpochMilli(r.time()), r.value()));
      }
      logs.append(L, chunk);
    }
  }

  private List<SyncRecord> output() {
    return logs.read(H, 0, 0, 10_000).stream()
        .map(r -> new SyncRecord(r.key(), r.timestamp().toEpochMilli(), r.value()))
        .toList();
  }

  /** Lets every source partition go idle, so the last windows close, and waits for them. */
  private void idleUntilComplete(SyncRuntime runtime, int expected) {
    await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status().lag() == 0);
    clock.addAndGet(3_600_000);
    await().atMost(Duration.ofSeconds(60)).until(() -> output().size() >= expected);
    await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status().lag() == 0);
  }

  @Test
  void perRoomSumsAreExactAcrossARestartMidStream() {
    List<SyncRecord> readings = LampReadings.readings();
    int half = readings.size() / 2;
    append(readings.subList(0, half));
    try (SyncRuntime runtime = start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status().lag() == 0);
    }
    append(readings.subList(half, readings.size()));
    try (SyncRuntime runtime = start()) {
      idleUntilComplete(runtime, LampReadings.expected(readings).size());
      assertThat(runtime.status().failures()).isZero();
    }
    assertThat(LampReadings.results(output())).isEqualTo(LampReadings.expected(readings));
  }

  @Test
  void theInternalStoreHasTheSourcesPartitionsAndDropsWhatTheSyncHasRead() {
    append(LampReadings.readings());
    try (SyncRuntime runtime = start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status().lag() == 0);
    }
    StoreRef internal = PLAN.sources().get(1).source().store();
    assertThat(logs.describe(internal).spec().partitions()).isEqualTo(4);
    assertThat(logs.applyRetention(internal).partitions())
        .allSatisfy(p -> assertThat(p.records()).isZero())
        .allSatisfy(p -> assertThat(p.startOffset()).isPositive());
  }

  @Test
  void aFencedInstanceNeitherLosesNorRepeats() {
    List<SyncRecord> readings = LampReadings.readings();
    int third = readings.size() / 3;
    append(readings.subList(0, third));
    SyncRuntime zombie = start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> zombie.status().lag() == 0);
      append(readings.subList(third, 2 * third));
      // A second runtime of the same Sync claims every partition: the first one's rounds in flight
      // and after are refused.
      try (SyncRuntime runtime = start()) {
        append(readings.subList(2 * third, readings.size()));
        idleUntilComplete(runtime, LampReadings.expected(readings).size());
        await().atMost(Duration.ofSeconds(60)).until(() -> zombie.status().fenced() > 0);
      }
    } finally {
      zombie.close();
    }
    assertThat(LampReadings.results(output())).isEqualTo(LampReadings.expected(readings));
  }

  @Test
  void markersReachEveryPartitionOfTheInternalStore() {
    append(LampReadings.readings());
    try (SyncRuntime runtime = start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status().lag() == 0);
    }
    StoreRef internal = PLAN.sources().get(1).source().store();
    for (int p = 0; p < 4; p++) {
      List<StoredRecord> records = logs.read(internal, p, 0, 10_000);
      assertThat(records)
          .filteredOn(r -> r.value().has("$watermark"))
          .extracting(r -> r.value().get("$from").asInt())
          .as("partition %d", p)
          .contains(0, 1, 2, 3);
    }
  }
}
