package io.knactor.bench.sync;

import io.knactor.bench.report.Samples;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.InMemoryStateStore;
import io.knactor.sync.exec.PartitionTask;
import io.knactor.sync.exec.SourceRecord;
import io.knactor.sync.exec.StateSnapshot;
import io.knactor.sync.exec.Step;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SyncPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a partition of the windowed aggregate between tasks in the middle of a window, as an
 * instance handing a partition to another would: snapshot of the committed state, its JSON bytes
 * (what crosses the wire), parsed and restored into a new task's store. Times the hand-over, then
 * lets the new task finish the input and compares every output with an uninterrupted run.
 *
 * @param handover the hand-over times, in nanoseconds
 * @param stateKeys keys in the moved state
 * @param stateBytes the moved state's JSON size
 * @param expected outputs of the uninterrupted run
 * @param lost outputs of the uninterrupted run missing after the move
 * @param repeated outputs after the move beyond those of the uninterrupted run
 */
public record Reassignment(
    Samples handover, int stateKeys, int stateBytes, long expected, long lost, long repeated) {

  public static Reassignment run(
      SyncPlan plan, List<SyncRecord> records, int batch, int handovers) {
    SourcePlan source = plan.sources().get(0);
    List<String> expected = new ArrayList<>();
    PartitionTask whole = PartitionTask.open(source, 0, new InMemoryStateStore());
    feed(whole, records, 0, records.size(), batch, expected);

    // Stop mid-window: the moved state holds every room's open window.
    int half =
        records.size() / 2 + (int) (SyncWorkload.WINDOW_MILLIS / SyncWorkload.TICK_MILLIS / 2);
    half = Math.min(half, records.size());
    List<String> actual = new ArrayList<>();
    PartitionTask first = PartitionTask.open(source, 0, new InMemoryStateStore());
    feed(first, records, 0, half, batch, actual);

    Samples times = new Samples();
    PartitionTask moved = null;
    int stateBytes = 0;
    int stateKeys = 0;
    // The first half warms the path up and is not kept.
    for (int i = 0; i < 2 * handovers; i++) {
      long start = System.nanoTime();
      byte[] wire = first.snapshot().toJsonBytes();
      StateSnapshot received = StateSnapshot.fromJsonBytes(wire);
      InMemoryStateStore store = InMemoryStateStore.restore(received);
      moved = PartitionTask.open(source, 0, store);
      if (i >= handovers) {
        times.add(System.nanoTime() - start);
      }
      stateBytes = wire.length;
      stateKeys = store.size();
    }
    long resume = moved.committedOffset();
    feed(moved, records, (int) resume, records.size(), batch, actual);

    Map<String, Integer> remaining = new HashMap<>();
    expected.forEach(e -> remaining.merge(e, 1, Integer::sum));
    long repeated = 0;
    for (String out : actual) {
      Integer left = remaining.get(out);
      if (left == null || left == 0) {
        repeated++;
      } else {
        remaining.put(out, left - 1);
      }
    }
    long lost = remaining.values().stream().mapToLong(Integer::longValue).sum();
    return new Reassignment(times, stateKeys, stateBytes, expected.size(), lost, repeated);
  }

  private static void feed(
      PartitionTask task, List<SyncRecord> records, int from, int to, int batch, List<String> out) {
    for (int start = from; start < to; start += batch) {
      List<SourceRecord> input = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + batch); i++) {
        input.add(new SourceRecord(i, records.get(i)));
      }
      Step step = task.process(input);
      task.commit(step);
      for (Emission e : step.emissions()) {
        out.add(e.record().key() + "@" + e.record().time() + "=" + e.record().value());
      }
    }
  }
}
