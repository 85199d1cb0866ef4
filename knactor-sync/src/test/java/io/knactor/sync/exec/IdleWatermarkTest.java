package io.knactor.sync.exec;

import static io.knactor.sync.Records.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.SpecException;
import io.knactor.core.json.Json;
import io.knactor.sync.Home;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SyncPlan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code idleTimeout}: a quiet partition's watermark advances by the wall clock. */
class IdleWatermarkTest {
  private static final String S = "S.event";
  private static final String AGGREGATE =
      """
      - aggregate:
          by: room
          window: {size: 1m}
          compute: {count: count()}
      """;

  private static SyncPlan plan(String idleTimeout) {
    return Home.plan(
        """
        f:
          from: S.event
          pipeline:
        %s
          to: D.out
          deadLetter: D.rejected
        %s
        """
            .formatted(
                AGGREGATE.stripTrailing().indent(4),
                idleTimeout == null ? "" : "  idleTimeout: " + idleTimeout));
  }

  @Test
  void aQuietPartitionEmitsItsLastWindowOnceAfterTheIdleTimeout() {
    SyncTestDriver d = new SyncTestDriver(plan("30s"));
    d.pipe(S, "a", 1_000, "{\"room\":\"hall\"}");
    d.pipe(S, "b", 2_000, "{\"room\":\"hall\"}");

    d.advanceWallClock(Duration.ofSeconds(29));
    assertThat(d.appended("f")).isEmpty();

    // Wall clock 90 s: the watermark moves to 60 s, the end of the window [0, 60 s).
    d.advanceWallClock(Duration.ofSeconds(61));
    d.advanceWallClock(Duration.ofSeconds(61));

    assertThat(text(d.appended("f")))
        .containsExactly(
            "hall@59999 {\"room\":\"hall\",\"count\":2,\"windowStart\":0,\"windowEnd\":60000}");
    d.pipe(S, "c", 3_000, "{\"room\":\"hall\"}");
    assertThat(d.deadLetters("f"))
        .singleElement()
        .satisfies(r -> assertThat(r.key()).isEqualTo("c"));
  }

  @Test
  void aRecordRestartsTheIdleTimeout() {
    SyncTestDriver d = new SyncTestDriver(plan("30s"));
    d.pipe(S, "a", 1_000, "{\"room\":\"hall\"}");
    d.advanceWallClock(Duration.ofSeconds(25));
    d.pipe(S, "b", 2_000, "{\"room\":\"den\"}");

    d.advanceWallClock(Duration.ofSeconds(25));
    assertThat(d.appended("f")).isEmpty();

    d.advanceWallClock(Duration.ofSeconds(100));
    assertThat(d.appended("f")).hasSize(2);
  }

  @Test
  void withoutAnIdleTimeoutTheLastWindowWaitsForARecord() {
    SyncTestDriver d = new SyncTestDriver(plan(null));
    d.pipe(S, "a", 1_000, "{\"room\":\"hall\"}");

    d.advanceWallClock(Duration.ofDays(1));

    assertThat(d.appended("f")).isEmpty();
  }

  @Test
  void anAbortedIdleStepLeavesTheWindowToEmitAgainAndACommittedOneEmitsOnce() {
    AtomicLong clock = new AtomicLong();
    var source = plan("10s").sources().get(0);
    InMemoryStateStore store = new InMemoryStateStore();
    PartitionTask task = PartitionTask.open(source, 0, store, clock::get);
    task.commit(
        task.process(
            List.of(
                new SourceRecord(
                    0, new SyncRecord("a", 1_000, Json.parseObject("{\"room\":\"hall\"}", "r"))))));
    long committedWatermark = task.watermark();
    clock.set(100_000);

    Step first = task.idle().orElseThrow();
    task.abort(first);
    assertThat(task.watermark()).isEqualTo(committedWatermark);
    Step again = task.idle().orElseThrow();
    assertThat(again.emissions()).isEqualTo(first.emissions()).hasSize(1);
    assertThat(again.watermark()).isEqualTo(90_000);
    task.commit(again);

    assertThat(task.idle()).isEmpty();
    PartitionTask reopened = PartitionTask.open(source, 0, store, clock::get);
    clock.set(500_000);
    assertThat(reopened.idle()).isEmpty();
  }

  @Test
  void flowsOfOneSourceMustAgreeOnTheIdleTimeout() {
    String spec =
        Home.spec(
            """
            f:
              from: S.event
              to: D.out
              idleTimeout: 30s
            g:
              from: S.event
              to: D.out
            """);
    assertThatThrownBy(() -> Home.checker().compile(spec, "test.sync.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "error: flows.g.idleTimeout: flows f and g read S.event and must declare the same"
                + " idleTimeout (the watermark belongs to the source's partitions): 30000 ms and"
                + " 0 ms");
    assertThatThrownBy(() -> plan("0s"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("error: idleTimeout must be longer than 0s");
  }
}
