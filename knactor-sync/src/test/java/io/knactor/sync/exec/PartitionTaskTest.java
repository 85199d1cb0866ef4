package io.knactor.sync.exec;

import static io.knactor.sync.Records.emissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.json.Json;
import io.knactor.sync.Home;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SourcePlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The partition task's unit of work: process a batch, then commit or abort it; move it by snapshot.
 */
class PartitionTaskTest {
  private static final SourcePlan PLAN =
      Home.plan(
              """
              energy:
                from: L.energy
                pipeline:
                  - filter: watts > 0.0
                  - aggregate:
                      by: room
                      window: {size: 1m}
                      compute:
                        energy: sum(watts)
                        readings: count()
                to: H.roomEnergy
              """)
          .sources()
          .get(0);

  private static List<SourceRecord> readings(long fromOffset, int count) {
    List<SourceRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long offset = fromOffset + i;
      out.add(
          new SourceRecord(
              offset,
              new SyncRecord(
                  "lamp-" + (offset % 3),
                  offset * 10_000,
                  Json.parseObject(
                      "{\"room\":\"r" + (offset % 2) + "\",\"watts\":" + (offset % 5) + ".0}",
                      "reading"))));
    }
    return out;
  }

  @Test
  void aStepHoldsEmissionsStateChangesAndTheNextOffset() {
    InMemoryStateStore store = new InMemoryStateStore();
    PartitionTask task = PartitionTask.open(PLAN, 3, store);

    Step step = task.process(readings(0, 8));

    assertThat(step.partition()).isEqualTo(3);
    assertThat(step.nextOffset()).isEqualTo(8);
    assertThat(step.watermark()).isEqualTo(70_000);
    assertThat(step.processed()).isEqualTo(8);
    assertThat(emissions(step.emissions()))
        .containsExactly(
            "energy append r0@59999 {\"room\":\"r0\",\"energy\":6.0,\"readings\":2,"
                + "\"windowStart\":0,\"windowEnd\":60000}",
            "energy append r1@59999 {\"room\":\"r1\",\"energy\":4.0,\"readings\":2,"
                + "\"windowStart\":0,\"windowEnd\":60000}");
    assertThat(step.changes().changes())
        .extracting(StateChanges.Change::key)
        .contains("offset", "watermark");
    assertThat(store.size()).isZero();

    task.commit(step);

    assertThat(store.get("task", "offset").asLong()).isEqualTo(8);
    assertThat(task.committedOffset()).isEqualTo(8);
  }

  @Test
  void aRedeliveredBatchHasNoEffectTwice() {
    PartitionTask task = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    task.commit(task.process(readings(0, 5)));

    Step again = task.process(readings(0, 8));

    assertThat(again.processed()).isEqualTo(3);
    assertThat(task.counters().skipped()).isEqualTo(5);
    assertThat(again.nextOffset()).isEqualTo(8);
  }

  @Test
  void aSnapshotAndAStoreRestoredFromItDoNotChangeWithEachOther() {
    InMemoryStateStore store = new InMemoryStateStore();
    store.apply(
        new StateChanges(
            List.of(
                new StateChanges.Change("ns", "a", Json.parseObject("{\"v\":1}", "a")),
                new StateChanges.Change("ns", "b", Json.parseObject("{\"v\":2}", "b")))));
    StateSnapshot snapshot = store.snapshot();
    String taken = snapshot.toString();

    store.apply(
        new StateChanges(
            List.of(
                new StateChanges.Change("ns", "a", Json.parseObject("{\"v\":3}", "a")),
                new StateChanges.Change("ns", "b", null))));
    InMemoryStateStore restored = InMemoryStateStore.restore(snapshot);
    restored.apply(
        new StateChanges(List.of(new StateChanges.Change("ns", "c", Json.parseObject("{}", "c")))));

    assertThat(snapshot.toString())
        .isEqualTo(taken)
        .isEqualTo("{\"ns\":{\"a\":{\"v\":1},\"b\":{\"v\":2}}}");
    assertThat(store.snapshot().toString()).isEqualTo("{\"ns\":{\"a\":{\"v\":3}}}");
    assertThat(restored.snapshot().toString())
        .isEqualTo("{\"ns\":{\"a\":{\"v\":1},\"b\":{\"v\":2},\"c\":{}}}");
  }

  @Test
  void aSnapshotCrossesAsBytesUnchangedAndBadBytesAreNamed() {
    PartitionTask task = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    task.commit(task.process(readings(0, 7)));
    StateSnapshot snapshot = task.snapshot();

    byte[] wire = snapshot.toJsonBytes();

    assertThat(new String(wire, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(snapshot.toJson().toString());
    assertThat(StateSnapshot.fromJsonBytes(wire).toString()).isEqualTo(snapshot.toString());
    assertThatThrownBy(() -> StateSnapshot.fromJsonBytes("{\"ns\":1}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namespace 'ns' is not an object");
    assertThatThrownBy(() -> StateSnapshot.fromJsonBytes("{\"ns\":".getBytes()))
        .hasMessageStartingWith("malformed JSON in state snapshot at line 1");
  }

  @Test
  void anAbortedStepLeavesTheCommittedStateAndOffset() {
    InMemoryStateStore store = new InMemoryStateStore();
    PartitionTask task = PartitionTask.open(PLAN, 0, store);
    task.commit(task.process(readings(0, 4)));
    StateSnapshot before = store.snapshot();

    Step lost = task.process(readings(4, 4));
    task.abort(lost);

    assertThat(store.snapshot()).isEqualTo(before);
    assertThat(task.committedOffset()).isEqualTo(4);
    Step retried = task.process(readings(4, 4));
    assertThat(emissions(retried.emissions())).isEqualTo(emissions(lost.emissions()));
    assertThat(retried.changes()).isEqualTo(lost.changes());
  }

  @Test
  void processingAgainBeforeCommitIsRefused() {
    PartitionTask task = PartitionTask.open(PLAN, 2, new InMemoryStateStore());
    task.process(readings(0, 1));

    assertThatThrownBy(() -> task.process(readings(1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("partition 2: commit or abort the previous step first");
  }

  @Test
  void offsetsThatDoNotIncreaseAreRefused() {
    PartitionTask task = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    List<SourceRecord> batch = new ArrayList<>(readings(5, 1));
    batch.addAll(readings(5, 1));

    assertThatThrownBy(() -> task.process(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsets must increase within a batch: 5 after 5");
  }

  @Test
  void aTaskRestoredFromASnapshotContinuesWithIdenticalOutputs() {
    List<SourceRecord> input = readings(0, 40);
    PartitionTask whole = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    Step all = whole.process(input);
    whole.commit(all);

    PartitionTask first = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    Step head = first.process(input.subList(0, 17));
    first.commit(head);
    String moved = first.snapshot().toJson().toString();
    PartitionTask second =
        PartitionTask.open(
            PLAN,
            0,
            InMemoryStateStore.restore(
                StateSnapshot.fromJson(Json.parseObject(moved, "snapshot"))));
    assertThat(second.committedOffset()).isEqualTo(17);
    Step tail = second.process(input);
    second.commit(tail);

    List<String> split = new ArrayList<>(emissions(head.emissions()));
    split.addAll(emissions(tail.emissions()));
    assertThat(split).isEqualTo(emissions(all.emissions())).hasSize(12);
    assertThat(second.snapshot()).isEqualTo(whole.snapshot());
  }
}
