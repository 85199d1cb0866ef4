package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Stores, appends, reads, polls, and the bad input they refuse. */
public abstract class LogAppendConformance extends LogConformanceFixture {
  private static final StoreRef UNKNOWN = StoreRef.parse("Home/v1/Lamp/lamp-a");

  @Test
  void appendAssignsConsecutiveOffsetsFromZeroInEachPartition() {
    String a = keyIn(1, 4);
    String b = keyIn(3, 4);

    AppendResult first = ex.append(MOTION, List.of(rec(a, "{}"), rec(b, "{}"), rec(a, "{}")));
    AppendResult second = ex.append(MOTION, List.of(rec(a, "{}")));

    assertThat(first.positions())
        .containsExactly(
            new RecordPosition(1, 0), new RecordPosition(3, 0), new RecordPosition(1, 1));
    assertThat(second.positions()).containsExactly(new RecordPosition(1, 2));
    assertThat(first.lastOffsets()).isEqualTo(Map.of(1, 1L, 3, 0L));
    assertThat(first.store()).isEqualTo(MOTION);
  }

  @Test
  void recordsOfAPartitionReadBackInOffsetOrder() {
    String key = keyIn(2, 4);
    for (int n = 0; n < 5; n++) {
      ex.append(MOTION, numbered(key, n, n + 1));
    }

    List<StoredRecord> all = ex.read(MOTION, 2, 0, 100);
    List<StoredRecord> middle = ex.read(MOTION, 2, 2, 2);

    assertThat(offsets(all)).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(ns(all)).containsExactly(0, 1, 2, 3, 4);
    assertThat(offsets(middle)).containsExactly(2L, 3L);
    assertThat(ex.read(MOTION, 2, 5, 10)).isEmpty();
    assertThat(ex.read(MOTION, 0, 0, 10)).isEmpty();
  }

  @Test
  void keyChoosesItsPartitionByTheDocumentedHashEveryTime() {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(rec("sensor-" + (i % 20), "{'i':" + i + "}"));
    }

    AppendResult result = ex.append(MOTION, records);

    for (int i = 0; i < 40; i++) {
      assertThat(result.positions().get(i).partition())
          .as("partition of %s", records.get(i).key())
          .isEqualTo(LogPartitioner.partition(records.get(i).key(), 4))
          .isEqualTo(result.positions().get(i % 20).partition());
    }
    assertThat(result.positions().stream().map(RecordPosition::partition).distinct().count())
        .as("keys spread over partitions")
        .isEqualTo(4);
  }

  @Test
  void storedRecordCarriesItsPlaceKeyTimeAndValue() {
    Instant time = Instant.parse("2026-01-02T03:04:05.678Z");

    RecordPosition at =
        ex.append(MOTION, List.of(rec("m-7", time, "{'triggered':true}"))).positions().get(0);

    assertThat(ex.read(MOTION, at.partition(), at.offset(), 1))
        .containsExactly(
            new StoredRecord(
                MOTION, at.partition(), at.offset(), "m-7", time, json("{'triggered':true}")));
  }

  @Test
  void recordWithoutTimestampIsStampedWithItsAppendTime() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    RecordPosition at = ex.append(MOTION, List.of(rec("m-1", "{}"))).positions().get(0);
    Instant after = Instant.now();

    Instant stamped = ex.read(MOTION, at.partition(), at.offset(), 1).get(0).timestamp();

    assertThat(stamped).isBetween(before, after);
  }

  @Test
  void appendWithOneBadRecordStoresNothingAndNamesIt() {
    List<LogRecord> records = List.of(rec("m-1", "{}"), new LogRecord(null, null, json("{}")));

    assertThatThrownBy(() -> ex.append(MOTION, records))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records[1].key")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("records[1].key");
    assertThat(ex.describe(MOTION).partitions())
        .allSatisfy(p -> assertThat(p.endOffset()).isZero());
  }

  @Test
  void oversizeRecordIsRefusedNamingItsIndex() {
    ObjectNode big = Json.object().put("blob", "x".repeat(DocumentLimits.MAX_BYTES));
    List<LogRecord> records =
        List.of(rec("m-1", "{}"), rec("m-2", "{}"), new LogRecord("m-3", null, big));

    assertThatThrownBy(() -> ex.append(MOTION, records))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records[2].value")
        .hasMessageContaining("limit")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("records[2].value");
    assertThat(ex.describe(MOTION).partitions())
        .allSatisfy(p -> assertThat(p.endOffset()).isZero());
  }

  @Test
  void malformedRecordsAreRefusedNamingTheField() {
    ObjectNode deep = Json.object();
    ObjectNode level = deep;
    for (int i = 0; i < DocumentLimits.MAX_DEPTH + 1; i++) {
      level = level.putObject("d");
    }
    ObjectNode tooDeep = deep;

    assertThatThrownBy(() -> ex.append(MOTION, List.of(new LogRecord("m-1", null, tooDeep))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records[0].value");
    assertThatThrownBy(() -> ex.append(MOTION, List.of(new LogRecord("m-1", null, null))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records[0].value");
    assertThatThrownBy(() -> ex.append(MOTION, List.of(rec("", "{}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records[0].key");
    assertThatThrownBy(() -> ex.append(MOTION, List.of(rec("k".repeat(1025), "{}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records[0].key");
    assertThatThrownBy(() -> ex.append(MOTION, List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("records");
  }

  @Test
  void unknownStoreIsNotFoundEverywhere() {
    assertThatThrownBy(() -> ex.append(UNKNOWN, List.of(rec("k", "{}"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(UNKNOWN.toString());
    assertThatThrownBy(() -> ex.read(UNKNOWN, 0, 0, 1))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(UNKNOWN.toString());
    assertThatThrownBy(() -> ex.describe(UNKNOWN)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ex.claim(SUBSCRIBER, UNKNOWN, Set.of(0)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ex.scan(ScanRequest.of(UNKNOWN), r -> true))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ex.deleteStore(UNKNOWN)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void readRefusesNegativeOffsetsUnknownPartitionsAndOffsetsPastTheEnd() {
    ex.append(MOTION, numbered(keyIn(0, 4), 0, 2));

    assertThatThrownBy(() -> ex.read(MOTION, 0, -1, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> ex.read(MOTION, 4, 0, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("partitions 0 to 3");
    assertThatThrownBy(() -> ex.read(MOTION, 0, 3, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("end");
    assertThatThrownBy(() -> ex.read(MOTION, 0, 0, 0)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void creatingAStoreAgainIsIdempotentButItsShapeCannotChange() {
    LogStoreInfo again = ex.createStore(LogStoreSpec.of(MOTION, "Reading", 4));
    LogStoreInfo retained =
        ex.createStore(
            LogStoreSpec.of(MOTION, "Reading", 4)
                .withRetention(Retention.forever().withMaxBytes(1000)));

    assertThat(again.spec()).isEqualTo(LogStoreSpec.of(MOTION, "Reading", 4));
    assertThat(retained.spec().retention().maxBytes()).isEqualTo(1000L);
    assertThat(ex.describe(MOTION).spec().retention().maxBytes()).isEqualTo(1000L);
    assertThatThrownBy(() -> ex.createStore(LogStoreSpec.of(MOTION, "Reading", 8)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("4 partitions");
    assertThatThrownBy(() -> ex.createStore(LogStoreSpec.of(MOTION, "Other", 4)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("Reading");
  }

  @Test
  void describeReportsEachPartitionsRangeAndBytes() {
    ex.append(MOTION, numbered(keyIn(1, 4), 0, 3));

    LogStoreInfo info = ex.describe(MOTION);

    assertThat(info.spec()).isEqualTo(LogStoreSpec.of(MOTION, "Reading", 4));
    assertThat(info.partitions()).extracting(PartitionInfo::partition).containsExactly(0, 1, 2, 3);
    assertThat(info.partition(1).startOffset()).isZero();
    assertThat(info.partition(1).endOffset()).isEqualTo(3);
    assertThat(info.partition(1).bytes()).isPositive();
    assertThat(info.partition(0).bytes()).isZero();
    assertThat(ex.stores()).extracting(s -> s.spec().store()).containsExactly(HOUSE, MOTION);
  }

  @Test
  void deletedStoreIsGoneWithItsRecordsAndOffsets() {
    ex.append(MOTION, numbered("m-1", 0, 3));
    PartitionClaim claim = claimOne(SUBSCRIBER, MOTION, 0);
    ex.transaction().commitOffset(claim, 0).commit();

    ex.deleteStore(MOTION);

    assertThatThrownBy(() -> ex.describe(MOTION)).isInstanceOf(NotFoundException.class);
    assertThat(ex.stores()).extracting(s -> s.spec().store()).containsExactly(HOUSE);
    ex.createStore(LogStoreSpec.of(MOTION, "Reading", 4));
    assertThat(ex.describe(MOTION).partitions())
        .allSatisfy(p -> assertThat(p.endOffset()).isZero());
    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEmpty();
  }

  @Test
  void pollWaitsWithoutSpinningUntilARecordArrives() throws Exception {
    BlockedPoll blocked = startPoll(Map.of(0, 0L, 3, 0L));
    assertThat(blocked.records()).isNotDone();

    ex.append(MOTION, List.of(rec(keyIn(3, 4), "{'n':1}")));

    List<StoredRecord> records = blocked.records().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(records)
        .extracting(StoredRecord::partition, StoredRecord::offset, r -> r.value().get("n").asInt())
        .containsExactly(tuple(3, 0L, 1));
  }

  @Test
  void pollReturnsWaitingRecordsAtOnceUpToMaxInPartitionOrder() throws Exception {
    ex.append(MOTION, numbered(keyIn(0, 4), 0, 3));
    ex.append(MOTION, numbered(keyIn(2, 4), 10, 13));

    List<StoredRecord> some = ex.poll(MOTION, Map.of(0, 1L, 2, 0L), 4, WAIT);
    List<StoredRecord> none = ex.poll(MOTION, Map.of(0, 3L, 2, 3L), 4, Duration.ofMillis(20));

    assertThat(some).hasSizeLessThanOrEqualTo(4).isNotEmpty();
    assertThat(some.stream().filter(r -> r.partition() == 0).map(StoredRecord::offset).toList())
        .isSubsetOf(1L, 2L)
        .isSorted();
    assertThat(some.stream().filter(r -> r.partition() == 2).map(StoredRecord::offset).toList())
        .isSorted();
    List<StoredRecord> all = new ArrayList<>(some);
    Map<Integer, Long> next = new HashMap<>(Map.of(0, 1L, 2, 0L));
    some.forEach(r -> next.put(r.partition(), r.offset() + 1));
    while (all.size() < 5) {
      List<StoredRecord> more = ex.poll(MOTION, next, 4, WAIT);
      more.forEach(r -> next.put(r.partition(), r.offset() + 1));
      all.addAll(more);
    }
    assertThat(ns(all)).containsExactlyInAnyOrder(1, 2, 10, 11, 12);
    assertThat(none).isEmpty();
  }

  @Test
  void closingTheExchangeEndsABlockedPoll() {
    BlockedPoll blocked = startPoll(Map.of(0, 0L));

    ex.close();

    assertThatThrownBy(() -> blocked.records().get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(UnavailableException.class);
  }

  private record BlockedPoll(CompletableFuture<List<StoredRecord>> records) {}

  /** Starts a poll of {@link #MOTION} on another thread and returns once that thread waits. */
  private BlockedPoll startPoll(Map<Integer, Long> from) {
    AtomicReference<Thread> poller = new AtomicReference<>();
    CompletableFuture<List<StoredRecord>> records = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                records.complete(ex.poll(MOTION, from, 10, WAIT.multipliedBy(3)));
              } catch (Throwable e) {
                records.completeExceptionally(e);
              }
            },
            "conformance-poller");
    poller.set(thread);
    thread.start();
    await()
        .atMost(WAIT)
        .until(
            () ->
                records.isDone()
                    || poller.get().getState() == Thread.State.WAITING
                    || poller.get().getState() == Thread.State.TIMED_WAITING);
    return new BlockedPoll(records);
  }
}
