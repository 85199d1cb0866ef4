package io.knactor.sync.exec;

import static io.knactor.sync.Records.emissions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.sync.Home;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.SourcePlan;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Batch boundaries, aborted batches and moves of the partition to another instance change nothing:
 * the emissions and the final state equal those of one pass over the same records.
 */
class BatchingProperties {
  private static final SourcePlan PLAN =
      Home.plan(
              """
              hot:
                from: S.event
                pipeline:
                  - filter: temp > 15.0
                  - put: {celsius: temp, label: text + '!'}
                to: D.out
                deadLetter: D.rejected
              per-room:
                from: S.event
                pipeline:
                  - filter: temp > 15.0
                  - aggregate:
                      by: room
                      window: {size: 10s, slide: 5s, lateness: 3s}
                      compute: {count: count(), mean: avg(temp), latest: last(text)}
                to: D.out
                deadLetter: D.rejected
              sorted:
                from: S.event
                pipeline:
                  - dedupe: {by: text, window: {size: 7s, lateness: 1s}}
                  - sort: {by: temp, order: desc, window: {size: 4s, lateness: 2s}}
                to: D.out
              words:
                from: S.event
                pipeline:
                  - operator: split-words
                  - operator: count-words
                to: D.out
                deadLetter: D.rejected
              """,
              OperatorRegistry.load())
          .sources()
          .get(0);

  @Property(tries = 60)
  void batchesAbortsAndMovesGiveTheOutputsOfOnePass(
      @ForAll("records") List<SourceRecord> input,
      @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 12) Integer> batchSizes,
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 3) Integer> actions) {
    PartitionTask reference = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    Step onePass = reference.process(input);
    reference.commit(onePass);

    List<String> out = new ArrayList<>();
    PartitionTask task = PartitionTask.open(PLAN, 0, new InMemoryStateStore());
    int at = 0;
    int turn = 0;
    while (at < input.size()) {
      int size = batchSizes.isEmpty() ? input.size() : batchSizes.get(turn % batchSizes.size());
      int action = actions.isEmpty() ? 0 : actions.get(turn % actions.size());
      turn++;
      // A redelivery may start before the committed offset; the task skips what it has done.
      int from = action == 2 ? Math.max(0, at - size) : at;
      List<SourceRecord> batch = input.subList(from, Math.min(input.size(), at + size));
      Step step = task.process(batch);
      if (action == 1) {
        task.abort(step);
        step = task.process(batch);
      }
      task.commit(step);
      out.addAll(emissions(step.emissions()));
      at = (int) task.committedOffset();
      if (action == 3) {
        StateSnapshot moved = StateSnapshot.fromJson(task.snapshot().toJson());
        task = PartitionTask.open(PLAN, 0, InMemoryStateStore.restore(moved));
      }
    }

    assertThat(out).isEqualTo(emissions(onePass.emissions()));
    assertThat(task.snapshot()).isEqualTo(reference.snapshot());
  }

  @Provide
  Arbitrary<List<SourceRecord>> records() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e");
    Arbitrary<Integer> steps = Arbitraries.integers().between(-4_000, 6_000);
    Arbitrary<Integer> temps = Arbitraries.integers().between(0, 40);
    Arbitrary<String> rooms = Arbitraries.of("hall", "den", "attic");
    Arbitrary<String> texts = Arbitraries.of("hot day", "the cat", "boom", "a hot cat", "");
    Arbitrary<Event> events = Combinators.combine(keys, steps, temps, rooms, texts).as(Event::new);
    return events
        .list()
        .ofMaxSize(80)
        .map(
            list -> {
              List<SourceRecord> out = new ArrayList<>();
              long time = 20_000;
              for (int i = 0; i < list.size(); i++) {
                Event e = list.get(i);
                time = Math.max(0, time + e.step());
                ObjectNode value = Json.object();
                value.put("room", e.room());
                value.put("temp", (double) e.temp());
                value.put("text", e.text());
                out.add(new SourceRecord(i, new SyncRecord(e.key(), time, value)));
              }
              return out;
            });
  }

  record Event(String key, int step, int temp, String room, String text) {}
}
