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
    StoredObject object =
        new StoredObject(
            ObjectKey.of("Demo/v1/Shop/shop", "Order", name), Map.of(), version, Json.object());
    return Delivery.of(type, object, Event.Cause.WATCH);
  }

  private String next(long now) {
    Delivery delivery = queue.next(now);
    return delivery == null
        ? null
        : delivery.type()
            + " "
            + delivery.object().name()
            + "@"
            + delivery.object().resourceVersion();
  }

  @Test
  void changesComeInTheOrderTheyArrived() {
    queue.offer(change(EventType.ADDED, "a", 1));
    queue.offer(change(EventType.ADDED, "b", 2));
    queue.offer(change(EventType.MODIFIED, "a", 3));
    queue.offer(change(EventType.DELETED, "a", 4));

    assertThat(next(0)).isEqualTo("ADDED a@1");
    assertThat(next(0)).isEqualTo("ADDED b@2");
    assertThat(next(0)).isEqualTo("MODIFIED a@3");
    assertThat(next(0)).isEqualTo("DELETED a@4");
    assertThat(next(0)).isNull();
  }

  @Test
  void modificationsQueuedBehindEachOtherMergeIntoTheLatestState() {
    queue.offer(change(EventType.MODIFIED, "a", 1));
    queue.offer(change(EventType.MODIFIED, "b", 2));
    queue.offer(change(EventType.MODIFIED, "a", 3));
    queue.offer(change(EventType.MODIFIED, "a", 4));

    assertThat(next(0)).isEqualTo("MODIFIED a@4");
    assertThat(next(0)).isEqualTo("MODIFIED b@2");
    assertThat(next(0)).isNull();
  }

  @Test
  void modificationAfterATakenCallIsQueuedAgain() {
    queue.offer(change(EventType.MODIFIED, "a", 1));
    assertThat(next(0)).isEqualTo("MODIFIED a@1");

    queue.offer(change(EventType.MODIFIED, "a", 2));

    assertThat(next(0)).isEqualTo("MODIFIED a@2");
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
  void newChangeCancelsTheScheduledCallOfTheSameObject() {
    queue.schedule(change(EventType.ADDED, "a", 1).retryAfterFailure(), 1_000);
    queue.offer(change(EventType.MODIFIED, "a", 2));

    Delivery next = queue.next(0);
    assertThat(next.cause()).isEqualTo(Event.Cause.WATCH);
    assertThat(next.object().resourceVersion()).isEqualTo(2);
    assertThat(queue.next(5_000)).isNull();
    assertThat(queue.nanosToNextTimer(5_000)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void scheduleIsIgnoredWhileAChangeOfTheObjectWaits() {
    queue.offer(change(EventType.MODIFIED, "a", 2));
    queue.schedule(change(EventType.MODIFIED, "a", 1).requeue(), 0);

    assertThat(next(0)).isEqualTo("MODIFIED a@2");
    assertThat(queue.next(10)).isNull();
  }

  @Test
  void rescheduleReplacesTheEarlierTimerOfTheObject() {
    queue.schedule(change(EventType.ADDED, "a", 1).requeue(), 1_000);
    queue.schedule(change(EventType.ADDED, "a", 1).retryAfterConflict(), 5_000);

    assertThat(queue.next(1_000)).isNull();
    assertThat(queue.next(5_000).reread()).isTrue();
  }
}
