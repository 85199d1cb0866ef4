package io.knactor.sync.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.sync.Home;
import io.knactor.sync.LampReadings;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SyncPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A repartition step over lamp-keyed readings: per-room results across partitions, with the
 * watermark of the repartitioned records the smallest of the source partitions'.
 */
class RepartitionTest {
  private static final int PARTITIONS = 4;

  /**
   * Each source partition's readings in event-time order, but partition 0 all the way to the end
   * before partition 1 starts, and so on: the watermark of the repartitioned records must wait for
   * the slowest partition.
   */
  private static void pipeSkewed(SyncTestDriver driver, List<SyncRecord> readings) {
    for (int p = 0; p < PARTITIONS; p++) {
      for (SyncRecord r : readings) {
        if (driver.partitionOf(r.key()) == p) {
          driver.pipe("L.energy", r);
        }
      }
    }
  }

  @Test
  void perRoomSumsOverLampKeyedReadingsEqualTheSumsComputedApart() {
    List<SyncRecord> readings = LampReadings.readings();
    SyncTestDriver driver = new SyncTestDriver(Home.plan(LampReadings.ROOM_ENERGY), PARTITIONS);
    pipeSkewed(driver, readings);
    driver.advanceWallClock(Duration.ofHours(1));

    assertThat(driver.deadLetters("room-energy")).isEmpty();
    assertThat(LampReadings.results(driver.appended("room-energy")))
        .isEqualTo(LampReadings.expected(readings));
  }

  @Test
  void withoutTheRepartitionEachPartitionHasItsOwnPartialSums() {
    List<SyncRecord> readings = LampReadings.readings();
    SyncTestDriver driver =
        new SyncTestDriver(
            Home.plan(LampReadings.ROOM_ENERGY.replace("    - repartition: {by: [room]}\n", "")),
            PARTITIONS);
    pipeSkewed(driver, readings);
    driver.advanceWallClock(Duration.ofHours(1));

    assertThat(driver.appended("room-energy"))
        .hasSizeGreaterThan(LampReadings.expected(readings).size());
  }

  @Test
  void noWindowClosesBeforeEverySourcePartitionHasPassedIt() {
    List<SyncRecord> readings = LampReadings.readings();
    SyncTestDriver driver = new SyncTestDriver(Home.plan(LampReadings.ROOM_ENERGY), PARTITIONS);
    for (SyncRecord r : readings) {
      if (driver.partitionOf(r.key()) == 0) {
        driver.pipe("L.energy", r);
      }
    }
    // Partition 0 is at the end of the stream; the others have sent nothing yet.
    assertThat(driver.appended("room-energy")).isEmpty();

    for (int p = 1; p < PARTITIONS; p++) {
      for (SyncRecord r : readings) {
        if (driver.partitionOf(r.key()) == p) {
          driver.pipe("L.energy", r);
        }
      }
    }
    // Every partition has passed the first four minutes; the last window waits for the idle time.
    assertThat(LampReadings.results(driver.appended("room-energy")).keySet())
        .allMatch(k -> !k.endsWith(" 240000"))
        .contains("room0 0", "room4 180000");
  }

  @Test
  void aSourcePartitionWithoutRecordsHoldsWindowsBackUntilItsIdleAdvance() {
    SyncTestDriver driver = new SyncTestDriver(Home.plan(LampReadings.ROOM_ENERGY), PARTITIONS);
    List<SyncRecord> readings =
        LampReadings.readings().stream().filter(r -> driver.partitionOf(r.key()) == 0).toList();
    readings.forEach(r -> driver.pipe("L.energy", r));
    assertThat(driver.appended("room-energy")).isEmpty();

    driver.advanceWallClock(Duration.ofHours(1));
    assertThat(LampReadings.results(driver.appended("room-energy")))
        .isEqualTo(LampReadings.expected(readings));
  }

  @Test
  void flowsWithTheSamePrefixAndGroupShareOneInternalStore() {
    SyncPlan plan =
        Home.plan(
            LampReadings.ROOM_ENERGY
                + LampReadings.ROOM_ENERGY
                    .replace("room-energy:", "room-peak:")
                    .replace("sum(watts)", "max(watts)"));
    assertThat(plan.sources()).hasSize(2);
    SourcePlan lamps = plan.sources().get(0);
    SourcePlan internal = plan.sources().get(1);
    assertThat(internal.upstream()).isEqualTo(lamps.source());
    assertThat(internal.source().store().toString()).startsWith("Sync/v1/Repartition/test-");
    assertThat(lamps.root().descendants())
        .flatExtracting(node -> node.sinks())
        .extracting(sink -> sink.destination().mode())
        .containsExactly(Destination.Mode.REPARTITION);
    assertThat(internal.root().children()).hasSize(2);

    List<SyncRecord> readings = LampReadings.readings();
    SyncTestDriver driver = new SyncTestDriver(plan, PARTITIONS);
    pipeSkewed(driver, readings);
    driver.advanceWallClock(Duration.ofHours(1));
    assertThat(LampReadings.results(driver.appended("room-energy")))
        .isEqualTo(LampReadings.expected(readings));
    assertThat(driver.appended("room-peak")).hasSize(LampReadings.expected(readings).size());
  }
}
