package io.knactor.sync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.knactor.core.json.Json;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.sync.Home;
import io.knactor.sync.plan.SyncPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncRuntimeTest {
  private static final StoreRef M = StoreRef.parse("SmartHome/v1/Motion/motion-1");
  private static final StoreRef H = StoreRef.parse("SmartHome/v1/House/house-1");
  private static final SyncPlan PLAN =
      Home.plan(
          """
          motion:
            from: M.reading
            pipeline:
              - rename: {triggered: motion}
            to: H.motion
          house:
            from: M.reading
            pipeline:
              - rename: {triggered: motion}
            fold: {into: H.house, object: main}
          """);

  private static final StoreRef L = StoreRef.parse("SmartHome/v1/Lamp/lamp-1");
  private static final SyncPlan IDLE_PLAN =
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

  private final AtomicLong clock = new AtomicLong(1_000_000);
  @TempDir Path dir;
  private EmbeddedLogExchange logs;
  private EmbeddedObjectExchange objects;

  @BeforeEach
  void open() {
    logs = EmbeddedLogExchange.open(dir.resolve("logs"));
    objects = EmbeddedObjectExchange.open(dir.resolve("objects"));
    logs.createStore(LogStoreSpec.of(M, "Reading", 1));
    logs.createStore(LogStoreSpec.of(H, "Motion", 1));
  }

  @AfterEach
  void close() {
    logs.close();
    objects.close();
  }

  @Test
  void appendsAndFoldsEachRecordOnceAndReportsStatus() {
    try (SyncRuntime runtime = start()) {
      readings(0, 5);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      RuntimeStatus status = runtime.status();
      assertThat(status.name()).isEqualTo("test");
      assertThat(status.partitions())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.owner()).isZero();
                assertThat(p.committedOffset()).isEqualTo(5);
                assertThat(p.records()).isEqualTo(5);
                assertThat(p.emitted()).isGreaterThanOrEqualTo(6); // 5 appends, >= 1 fold
              });
      assertThat(logs.committedOffsets("sync.test", M)).containsEntry(0, 5L);
      assertThat(logs.read(H, 0, 0, 100))
          .extracting(r -> r.value().get("level").asInt())
          .containsExactly(0, 1, 2, 3, 4);
      var house = objects.get(new ObjectKey(H, "House", "main")).orElseThrow();
      assertThat(house.data().get("level").asInt()).isEqualTo(4);
      assertThat(house.labels()).containsEntry("sync.test.0.0", "5");
    }
  }

  @Test
  void aZombieIsFencedAndTheNextOwnerProcessesItsRecordsOnce() {
    try (SyncRuntime runtime = start()) {
      readings(0, 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      // Another process claims the partition: the runtime's instance is now a zombie for it.
      logs.claim(runtime.subscriber(), M, Set.of(0));
      readings(2, 4);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().fenced() == 1);
      assertThat(runtime.status().partitions().get(0).owner()).isEqualTo(-1);
      assertThat(logs.committedOffsets("sync.test", M)).containsEntry(0, 2L);
      assertThat(logs.read(H, 0, 0, 100)).hasSize(2);

      Move back = runtime.assign(runtime.tasks().get(0), 0);
      assertThat(back.from()).isEqualTo(-1);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      assertThat(logs.read(H, 0, 0, 100))
          .extracting(r -> r.value().get("level").asInt())
          .containsExactly(0, 1, 2, 3);
    }
  }

  @Test
  void aFailingRoundCommitsNothingIsReportedAndIsRetried() {
    logs.deleteStore(H);
    try (SyncRuntime runtime = start()) {
      readings(0, 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().failures() > 0);
      assertThat(runtime.status().lastFailure()).contains("SmartHome/v1/House/house-1");
      assertThat(logs.committedOffsets("sync.test", M)).isEmpty();

      logs.createStore(LogStoreSpec.of(H, "Motion", 1));
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      assertThat(logs.read(H, 0, 0, 100))
          .extracting(r -> r.value().get("level").asInt())
          .containsExactly(0, 1);
      assertThat(objects.get(new ObjectKey(H, "House", "main")).orElseThrow().labels())
          .containsEntry("sync.test.0.0", "2");
    }
  }

  @Test
  void refusesASourceStoreOfAnotherKind() {
    logs.deleteStore(M);
    logs.createStore(LogStoreSpec.of(M, "Other", 1));
    assertThatThrownBy(() -> start())
        .hasMessageContaining("reads SmartHome/v1/Motion/motion-1 Reading")
        .hasMessageContaining("holds kind Other");
  }

  @Test
  void refusesMovesItCannotMake() {
    try (SyncRuntime runtime = start()) {
      assertThatThrownBy(() -> runtime.assign(1, 0)).hasMessageContaining("no partition");
      assertThatThrownBy(() -> runtime.setParallelism(0))
          .hasMessageContaining("parallelism must be between 1 and 1");
      runtime.close();
      assertThatThrownBy(() -> runtime.setParallelism(1)).hasMessageContaining("closed");
    }
  }

  @Test
  void aJoinedRuntimeOnAOneProcessExchangeRunsEveryPartitionAndLetsThemGoOnClose() {
    SyncRuntime runtime = SyncRuntime.join(PLAN, logs, objects, 2, SyncRuntime.Options.defaults());
    try (runtime) {
      readings(0, 3);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      assertThat(runtime.status().partitions())
          .singleElement()
          .satisfies(p -> assertThat(p.owner()).isZero());
      assertThat(logs.read(H, 0, 0, 100))
          .extracting(r -> r.value().get("level").asInt())
          .containsExactly(0, 1, 2);
    }
    assertThat(runtime.status().partitions())
        .singleElement()
        .satisfies(p -> assertThat(p.owner()).isEqualTo(-1));
    // Everything it committed stays: a later member resumes after it.
    try (SyncRuntime next =
        SyncRuntime.join(PLAN, logs, objects, 1, SyncRuntime.Options.defaults())) {
      readings(3, 4);
      await().atMost(Duration.ofSeconds(30)).until(() -> next.status().lag() == 0);
      assertThat(logs.read(H, 0, 0, 100))
          .extracting(r -> r.value().get("level").asInt())
          .containsExactly(0, 1, 2, 3);
    }
  }

  @Test
  void tellsItsCommitListenerWhichInstanceCommittedEachRoundBeforeAndAfterAMove() {
    logs.deleteStore(M);
    logs.createStore(LogStoreSpec.of(M, "Reading", 2));
    List<String> commits = new CopyOnWriteArrayList<>();
    try (SyncRuntime runtime =
        SyncRuntime.start(PLAN, logs, objects, 2, SyncRuntime.Options.defaults())) {
      runtime.onCommit(
          (task, instance, next) -> commits.add(task.partition() + "@" + instance + ":" + next));
      readings(0, 3); // one key: one partition
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      PartitionStatus hall =
          runtime.status().partitions().stream()
              .filter(p -> p.committedOffset() == 3)
              .findFirst()
              .orElseThrow();
      int partition = hall.task().partition();
      int other = 1 - hall.owner();
      assertThat(commits).last().isEqualTo(partition + "@" + hall.owner() + ":3");

      runtime.assign(partition, other);
      readings(3, 5);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      assertThat(commits).last().isEqualTo(partition + "@" + other + ":5");
      assertThat(commits).allMatch(c -> c.startsWith(partition + "@"));
    }
  }

  @Test
  void movesHandedOverInMemoryWhileRecordsFlowLoseAndRepeatNothing() throws Exception {
    logs.deleteStore(M);
    logs.createStore(LogStoreSpec.of(M, "Reading", 2));
    int total = 2_000;
    try (SyncRuntime runtime =
        SyncRuntime.start(PLAN, logs, objects, 2, SyncRuntime.Options.defaults())) {
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < total; i += 10) {
                  readings(i, i + 10);
                }
              });
      producer.start();
      // Both partitions in turn: the one the records go to (one key) and the quiet one.
      for (int moves = 0; producer.isAlive() || moves < 20; moves++) {
        PartitionStatus p = runtime.status().partitions().get(moves % 2);
        Move move = runtime.assign(p.task(), 1 - p.owner());
        assertThat(move.from()).isEqualTo(p.owner());
      }
      producer.join();
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      RuntimeStatus status = runtime.status();
      assertThat(status.fenced()).isZero();
      assertThat(status.failures()).isZero();
      assertThat(logs.read(H, 0, 0, total + 1))
          .extracting(r -> r.value().get("level").asInt())
          .containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
    }
  }

  private SyncRuntime start() {
    return SyncRuntime.start(PLAN, logs, objects, 1, SyncRuntime.Options.defaults());
  }

  private void readings(int from, int to) {
    List<LogRecord> records =
        IntStream.range(from, to)
            .mapToObj(
                i ->
                    LogRecord.of(
                        "hall",
                        Json.object().put("room", "hall").put("triggered", true).put("level", i)))
            .toList();
    logs.append(M, records);
  }

  @Test
  void theLastWindowIsAppendedOnceWhenThePartitionHasBeenIdleLongEnough() {
    logs.createStore(LogStoreSpec.of(L, "Energy", 1));
    logs.append(L, List.of(lampReading(1_000, 60.0), lampReading(2_000, 40.0)));
    try (SyncRuntime runtime = startIdle()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      assertThat(logs.read(H, 0, 0, 10)).isEmpty();

      clock.addAndGet(31_000);
      await().atMost(Duration.ofSeconds(30)).until(() -> !logs.read(H, 0, 0, 10).isEmpty());
    }
    // A restart over the committed state does not emit the window again, however long it idles.
    clock.addAndGet(3_600_000);
    try (SyncRuntime runtime = startIdle()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.status().lag() == 0);
      clock.addAndGet(3_600_000);
      logs.append(L, List.of(lampReading(9_000_000, 1.0)));
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

  private SyncRuntime startIdle() {
    return SyncRuntime.start(
        IDLE_PLAN, logs, null, 1, SyncRuntime.Options.defaults().withWallClock(clock::get));
  }

  private static LogRecord lampReading(long time, double watts) {
    return new LogRecord(
        "l1",
        Instant.ofEpochMilli(time),
        Json.parseObject("{\"room\":\"hall\",\"lamp\":\"l1\",\"watts\":" + watts + "}", "r"));
  }
}
