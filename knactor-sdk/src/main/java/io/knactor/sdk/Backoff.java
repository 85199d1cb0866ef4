package io.knactor.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff: the n-th retry waits a random time between half and all of {@code
 * initial * 2^(n-1)}, capped at {@code max}. The jitter keeps knactors that failed together from
 * retrying in lockstep.
 */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " is shorter than the initial " + initial);
    }
  }

  public static Backoff of(Duration initial, Duration max) {
    return new Backoff(initial, max);
  }

  /** How long to wait before retry number {@code attempt} (1 for the first retry). */
  public Duration delay(int attempt) {
    long ceiling = ceilingNanos(attempt);
    long half = ceiling / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /** The longest {@link #delay} of retry number {@code attempt} may be. */
  public Duration ceiling(int attempt) {
    return Duration.ofNanos(ceilingNanos(attempt));
  }

  private long ceilingNanos(int attempt) {
    long maxNanos = max.toNanos();
    long nanos = initial.toNanos();
    for (int i = 1; i < attempt && nanos < maxNanos; i++) {
      nanos = nanos > maxNanos / 2 ? maxNanos : nanos * 2;
    }
    return Math.min(nanos, maxNanos);
  }
}
