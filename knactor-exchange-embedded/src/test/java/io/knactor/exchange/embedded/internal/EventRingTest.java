package io.knactor.exchange.embedded.internal;

import static io.knactor.exchange.embedded.internal.RingEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shared event ring: version-indexed slots, wrap-around, the byte budget, no gaps. */
class EventRingTest {
  @Test
  void holdsTheLatestCapacityEventsAcrossWrapAround() {
    EventRing ring = new EventRing(4, 1 << 20, 100);
    for (long v = 101; v <= 110; v += 2) {
      append(ring, 10, v, v + 1);
    }

    assertThat(ring.published()).isEqualTo(110);
    for (long v = 101; v <= 106; v++) {
      assertThat(ring.get(v)).as("version %d, overwritten", v).isNull();
    }
    for (long v = 107; v <= 110; v++) {
      assertThat(ring.get(v).resourceVersion()).isEqualTo(v);
    }
  }

  @Test
  void startsAfterTheGivenVersionAndHoldsNothingOlder() {
    EventRing ring = new EventRing(8, 1 << 20, 41);

    assertThat(ring.published()).isEqualTo(41);
    assertThat(ring.get(41)).isNull();
    append(ring, 1, 42);
    assertThat(ring.get(42).resourceVersion()).isEqualTo(42);
    assertThat(ring.get(41)).isNull();
  }

  @Test
  void evictsTheOldestEventsBeyondTheByteBudgetButKeepsTheNewest() {
    EventRing ring = new EventRing(16, 100, 0);
    append(ring, 40, 1, 2);
    append(ring, 40, 3);

    assertThat(ring.get(1)).isNull();
    assertThat(ring.get(2).resourceVersion()).isEqualTo(2);
    assertThat(ring.get(3).resourceVersion()).isEqualTo(3);

    append(ring, 500, 4);
    assertThat(ring.get(2)).isNull();
    assertThat(ring.get(3)).isNull();
    assertThat(ring.get(4).resourceVersion()).isEqualTo(4);

    append(ring, 10, 5);
    assertThat(ring.get(4)).as("over budget with version 5 beside it").isNull();
    assertThat(ring.get(5).resourceVersion()).isEqualTo(5);
  }

  @Test
  void refusesEventsThatDoNotFollowThePublishedVersion() {
    EventRing ring = new EventRing(4, 1 << 20, 10);

    assertThatThrownBy(() -> append(ring, 1, 12)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> append(ring, 1, 10)).isInstanceOf(IllegalStateException.class);
    assertThat(ring.published()).isEqualTo(10);
  }
}
