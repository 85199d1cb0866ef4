package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.knactor.core.log.LogQuery.Aggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scans over stored records and the queries built on them. */
public abstract class LogQueryConformance extends LogTransactionConformance {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** Lamp energy readings: partition 0 gets room-1's, partition 2 room-2's, at minutes 0..3. */
  private void appendReadings() {
    String room1 = keyIn(0, 4);
    String room2 = keyIn(2, 4);
    List<LogRecord> records = new ArrayList<>();
    for (int minute = 0; minute < 4; minute++) {
      Instant at = T0.plusSeconds(60L * minute);
      records.add(rec(room1, at, "{'room':'r1','kwh':" + (minute + 1) + ",'n':" + minute + "}"));
      records.add(rec(room2, at, "{'room':'r2','kwh':" + (10 * minute) + ",'n':" + minute + "}"));
    }
    ex.append(MOTION, records);
  }

  @Test
  void scanVisitsPartitionsInOrderEachInOffsetOrder() {
    appendReadings();
    List<StoredRecord> seen = new ArrayList<>();

    long visited = ex.scan(ScanRequest.of(MOTION), seen::add);

    assertThat(visited).isEqualTo(8);
    assertThat(seen)
        .extracting(StoredRecord::partition, StoredRecord::offset)
        .containsExactly(
            tuple(0, 0L),
            tuple(0, 1L),
            tuple(0, 2L),
            tuple(0, 3L),
            tuple(2, 0L),
            tuple(2, 1L),
            tuple(2, 2L),
            tuple(2, 3L));
  }

  @Test
  void scanSelectsPartitionsOffsetsEventTimesAndAFilter() {
    appendReadings();

    List<StoredRecord> byOffset =
        LogQuery.over(ex, ScanRequest.of(MOTION).partitions(Set.of(2)).offsets(1L, 3L)).records();
    List<StoredRecord> byTime =
        LogQuery.over(ex, ScanRequest.of(MOTION).times(T0.plusSeconds(60), T0.plusSeconds(180)))
            .records();
    List<StoredRecord> filtered =
        LogQuery.over(
                ex,
                ScanRequest.of(MOTION).where(r -> r.value().get("kwh").asInt() % 2 == 0).limit(3))
            .records();

    assertThat(byOffset)
        .extracting(StoredRecord::partition, StoredRecord::offset)
        .containsExactly(tuple(2, 1L), tuple(2, 2L));
    assertThat(byTime)
        .extracting(r -> r.value().get("room").asText(), r -> r.value().get("n").asInt())
        .containsExactly(tuple("r1", 1), tuple("r1", 2), tuple("r2", 1), tuple("r2", 2));
    assertThat(filtered).extracting(r -> r.value().get("kwh").asInt()).containsExactly(2, 4, 0);
  }

  @Test
  void scanStopsWhenTheVisitorSaysSo() {
    appendReadings();
    List<StoredRecord> seen = new ArrayList<>();

    long visited = ex.scan(ScanRequest.of(MOTION), r -> seen.add(r) && seen.size() < 3);

    assertThat(visited).isEqualTo(3);
    assertThat(seen).hasSize(3);
  }

  @Test
  void queryProjectsAndAggregatesPerGroup() {
    appendReadings();
    LogQuery all = LogQuery.over(ex, ScanRequest.of(MOTION));

    assertThat(LogQuery.over(ex, ScanRequest.of(MOTION).limit(2)).project("room", "missing"))
        .containsExactly(json("{'room':'r1'}"), json("{'room':'r1'}"));
    assertThat(all.aggregate(Aggregate.COUNT, null, "room"))
        .isEqualTo(Map.of("r1", 4.0, "r2", 4.0));
    assertThat(all.aggregate(Aggregate.SUM, "kwh", "room"))
        .isEqualTo(Map.of("r1", 10.0, "r2", 60.0));
    assertThat(all.aggregate(Aggregate.AVG, "kwh", "room"))
        .isEqualTo(Map.of("r1", 2.5, "r2", 15.0));
    assertThat(all.aggregate(Aggregate.MIN, "kwh", null)).isEqualTo(Map.of("", 0.0));
    assertThat(all.aggregate(Aggregate.MAX, "kwh", null)).isEqualTo(Map.of("", 30.0));
    assertThat(all.aggregate(Aggregate.SUM, "room", null)).isEmpty();
  }
}
