package io.knactor.bench.foundation;

import java.time.Duration;

/**
 * How long each part of the foundation benchmark runs.
 *
 * @param fsync the raw fdatasync probe
 * @param jitWarmup how long each latency path runs unmeasured before the first measurement
 * @param latencyWarmup how long each path and mode writes before latency samples are kept
 * @param latencySamples latency samples kept, per path and mode
 * @param warmup each writer load's warm-up
 * @param measure each writer load's measured window
 */
public record Settings(
    Duration fsync,
    Duration jitWarmup,
    Duration latencyWarmup,
    int latencySamples,
    Duration warmup,
    Duration measure) {

  /** The documented run: about a minute and a half on a 2-core machine. */
  public static Settings full() {
    return new Settings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(4),
        Duration.ofSeconds(1),
        5_000,
        Duration.ofSeconds(1),
        Duration.ofSeconds(4));
  }

  /** A smoke run of the harness in about twenty seconds; its numbers are not worth publishing. */
  public static Settings quick() {
    return new Settings(
        Duration.ofMillis(300),
        Duration.ofMillis(300),
        Duration.ofMillis(100),
        500,
        Duration.ofMillis(200),
        Duration.ofMillis(600));
  }
}
