package io.knactor.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void ceilingDoublesPerAttemptUpToMax() {
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void delayIsJitteredBetweenHalfAndAllOfTheCeiling() {
    for (int attempt = 1; attempt <= 8; attempt++) {
      Duration ceiling = backoff.ceiling(attempt);
      for (int i = 0; i < 200; i++) {
        assertThat(backoff.delay(attempt)).isBetween(ceiling.dividedBy(2), ceiling);
      }
    }
  }

  @Test
  void delaysOfOneAttemptDiffer() {
    assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(3)).distinct())
        .hasSizeGreaterThan(1);
  }

  @Test
  void refusesMaxShorterThanInitial() {
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max backoff PT1S is shorter than the initial PT2S");
  }
}
