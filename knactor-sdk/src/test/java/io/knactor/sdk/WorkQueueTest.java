package io.knactor.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.EventType;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final WorkQueue queue = new WorkQueue();

  private static Delivery change(EventType type, String name, long version) {
    return Delivery.of(
        type,
        new StoredObject(
            ObjectKey.of("Demo/v1/Shop/shop", "Order", name), Map.of(), version, Json.object()),
        Event.Cause.WATCH);
  }

  @Test
  void callsComeInTheOrderObjectsFirstChanged() {
    queue.offer(change(EventType.ADDED, "a", 1));
    queue.offer(change(EventType.ADDED, "b", 2));
    queue.offer(change(EventType.MODIFIED, "a", 3));

    assertThat(queue.next(0).object().name()).isEqualTo("a");
    assertThat(queue.next(0).object().name()).isEqualTo("b");
    assertThat(queue.next(0)).isNull();
  }

  @Test
  void laterChangeMergesIntoPendingCallWithLatestStateAndStaysAdded() {
    queue.offer(change(EventType.ADDED, "a", 1));
    queue.offer(change(EventType.MODIFIED, "a", 2));

    Delivery merged = queue.next(0);
    assertThat(merged.type()).isEqualTo(EventType.ADDED);
    assertThat(merged.object().resourceVersion()).isEqualTo(2);
    assertThat(queue.next(0)).isNull();
  }

  @Test
  void deletionSupersedesPendingModification() {
    queue.offer(change(EventType.MODIFIED, "a", 1));
    queue.offer(change(EventType.DELETED, "a", 2));

    assertThat(queue.next(0).type()).isEqualTo(EventType.DELETED);
  }

  @Test
  void scheduledCallBecomesReadyWhenDue() {
    queue.schedule(change(EventType.ADDED, "a", 1).retryAfterFailure(), 1_000);

    assertThat(queue.next(999)).isNull();
    assertThat(queue.nanosToNextTimer(999)).isEqualTo(1);
    Delivery retry = queue.next(1_000);
    assertThat(retry.cause()).isEqualTo(Event.Cause.RETRY);
    assertThat(retry.attempt()).isEqualTo(2);
  }

  @Test
  void newChangeCancelsScheduledCallOfTheSameObject() {
    queue.schedule(change(EventType.ADDED, "a", 1).retryAfterFailure(), 1_000);
    queue.offer(change(EventType.MODIFIED, "a", 2));

    Delivery next = queue.next(0);
    assertThat(next.cause()).isEqualTo(Event.Cause.WATCH);
    assertThat(next.object().resourceVersion()).isEqualTo(2);
    assertThat(queue.next(5_000)).isNull();
    assertThat(queue.nanosToNextTimer(5_000)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rescheduleReplacesTheEarlierTimerOfTheObject() {
    queue.schedule(change(EventType.ADDED, "a", 1).requeue(), 1_000);
    queue.schedule(change(EventType.ADDED, "a", 1).retryAfterConflict(), 5_000);

    assertThat(queue.next(1_000)).isNull();
    assertThat(queue.next(5_000).reread()).isTrue();
  }
}
