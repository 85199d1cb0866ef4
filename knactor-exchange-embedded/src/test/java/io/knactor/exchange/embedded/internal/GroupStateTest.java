package io.knactor.exchange.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation within one commit group, on a real RocksDB store. */
class GroupStateTest {
  private static final ObjectKey ORDER = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "a");

  @TempDir Path dir;
  private RocksStore store;
  private final BatchApplier applier = new BatchApplier(3);

  @BeforeEach
  void open() {
    store = RocksStore.open(dir, false);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void laterBatchOfAGroupSeesTheEffectsOfEarlierAcceptedOnes() {
    GroupState state = new GroupState(new ObjectIndex(store, 1 << 20), 1);
    apply(state, Write.create(ORDER, Json.object().put("n", 1)));
    state.accept();

    List<BatchApplier.Effect> effects =
        apply(state, Write.patch(ORDER, 1, Json.object().put("n", 2)));

    assertThat(effects.get(0).change().type()).isEqualTo(EventType.MODIFIED);
    assertThat(effects.get(0).change().version()).isEqualTo(2);
    assertThat(effects.get(0).history()).containsExactly(1, 2);
  }

  @Test
  void rejectedBatchLeavesNoTraceInTheGroup() {
    GroupState state = new GroupState(new ObjectIndex(store, 1 << 20), 1);
    apply(state, Write.create(ORDER, Json.object().put("n", 1)));
    state.accept();

    assertThatThrownBy(
            () ->
                apply(
                    state,
                    Write.upsert(otherKey(), Json.object()),
                    Write.create(ORDER, Json.object())))
        .isInstanceOf(ConflictException.class);
    state.reject();
    List<BatchApplier.Effect> next = apply(state, Write.create(otherKey(), Json.object()));

    assertThat(next.get(0).change().version())
        .as("versions of the rejected batch are reused")
        .isEqualTo(2);
    assertThat(next.get(0).change().type()).isEqualTo(EventType.ADDED);
    assertThat(state.lastVersion()).isEqualTo(1);
  }

  @Test
  void historyKeepsTheNewestVersionsAndDropsTheOldest() {
    GroupState state = new GroupState(new ObjectIndex(store, 1 << 20), 1);
    List<BatchApplier.Effect> effects = List.of();
    for (int n = 0; n < 5; n++) {
      effects = apply(state, Write.upsert(ORDER, Json.object().put("n", n)));
      state.accept();
    }

    assertThat(effects.get(0).history()).containsExactly(3, 4, 5);
    assertThat(effects.get(0).droppedHistory()).containsExactly(2);
  }

  private static ObjectKey otherKey() {
    return ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "b");
  }

  private List<BatchApplier.Effect> apply(GroupState state, Write... writes) {
    return applier.apply(PreparedBatch.of(WriteBatch.of("p", writes)), state, Instant.now());
  }
}
