package io.knactor.sync.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.StateChanges;
import io.knactor.sync.exec.Step;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.SourceStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step redone after a crash between the object write and the log commit changes nothing. */
class FoldWriterTest {
  private static final StoreRef H = StoreRef.parse("SmartHome/v1/House/house-1");
  private static final ObjectKey MAIN = new ObjectKey(H, "House", "main");

  @TempDir Path dir;

  @Test
  void skipsStepsAlreadyAppliedAndKeepsOtherLabels() {
    try (EmbeddedObjectExchange objects = EmbeddedObjectExchange.open(dir)) {
      FoldWriter writer = new FoldWriter(objects, "sync", "sync.home.0");
      assertThat(writer.apply(step(0, 10, "den", 9))).isEqualTo(1);
      // The same partition redone from offset 0 with a shorter batch: already applied, skipped.
      assertThat(writer.apply(step(0, 5, "hall", 4))).isZero();
      assertThat(objects.get(MAIN).orElseThrow().data().get("room").asText()).isEqualTo("den");
      // Another partition folds into the same object under its own label.
      assertThat(writer.apply(step(1, 3, "attic", 2))).isEqualTo(1);
      var main = objects.get(MAIN).orElseThrow();
      assertThat(main.data().get("room").asText()).isEqualTo("attic");
      assertThat(main.labels())
          .containsEntry("sync.home.0.0", "10")
          .containsEntry("sync.home.0.1", "3");
      // The next step of partition 0 applies again.
      assertThat(writer.apply(step(0, 11, "hall", 10))).isEqualTo(1);
      assertThat(objects.get(MAIN).orElseThrow().data().get("room").asText()).isEqualTo("hall");
    }
  }

  private static Step step(int partition, long nextOffset, String room, long time) {
    Emission fold =
        new Emission(
            "house",
            new Destination(Destination.Mode.FOLD, H, "House"),
            new SyncRecord("main", time, Json.object().put("room", room)));
    return new Step(
        new SourceStream(StoreRef.parse("SmartHome/v1/Motion/motion-1"), "Reading"),
        partition,
        nextOffset,
        time,
        List.of(fold),
        new StateChanges(List.of()),
        1);
  }
}
