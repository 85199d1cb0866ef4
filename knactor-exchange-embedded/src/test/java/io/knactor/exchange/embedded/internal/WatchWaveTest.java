package io.knactor.exchange.embedded.internal;

import static io.knactor.exchange.embedded.internal.RingEvents.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's waves: a poller it woke counts in its wave until a poll finds nothing more to
 * deliver or the watch ends, exactly once, so the dispatcher wakes the next wave neither before the
 * woken pollers are done nor never.
 */
class WatchWaveTest {
  private static final StoreRef CHECKOUT = RingEvents.ORDER.store();

  private final EventRing ring = new EventRing(16, 1 << 20, 0);
  private final WatchHub hub = new WatchHub(ring, "test-dispatcher");

  @AfterEach
  void closeHub() {
    hub.closeAll(() -> new UnavailableException("test over"));
  }

  @Test
  void aWokenPollerCountsInItsWaveUntilAPollFindsNothingMoreToDeliver() throws Exception {
    EmbeddedWatch watch = watch();
    append(ring, 10, 1, 2);
    WatchHub.Wave wave = new WatchHub.Wave();
    watch.joinWave(wave);

    assertThat(watch.poll(Duration.ZERO).resourceVersion()).isEqualTo(1);
    assertThat(wave.get()).as("one event still to deliver").isEqualTo(1);
    assertThat(watch.poll(Duration.ZERO).resourceVersion()).isEqualTo(2);
    assertThat(wave.get()).isEqualTo(1);
    assertThat(watch.poll(Duration.ZERO)).isNull();
    assertThat(wave.get()).isZero();
  }

  @Test
  void anEndedWatchCountsItsPollerOutOnce() {
    EmbeddedWatch ended = watch();
    EmbeddedWatch other = watch();
    WatchHub.Wave wave = new WatchHub.Wave();
    ended.joinWave(wave);
    other.joinWave(wave);

    ended.close();
    ended.close();

    assertThat(wave.get()).isEqualTo(1);
  }

  @Test
  void aPollerWokenInALaterWaveLeavesTheEarlierOne() throws Exception {
    EmbeddedWatch watch = watch();
    WatchHub.Wave timedOut = new WatchHub.Wave();
    WatchHub.Wave next = new WatchHub.Wave();
    watch.joinWave(timedOut);

    watch.joinWave(next);

    assertThat(timedOut.get()).isZero();
    assertThat(next.get()).isEqualTo(1);
    assertThat(watch.poll(Duration.ZERO)).isNull();
    assertThat(next.get()).isZero();
  }

  /** A live watch of the checkout store; it reads only the ring, never the change log. */
  private EmbeddedWatch watch() {
    return new EmbeddedWatch(WatchRequest.of(CHECKOUT, null, ring.published()), null, hub);
  }
}
