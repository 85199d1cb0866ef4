package io.knactor.exchange.embedded.log;

import io.knactor.core.error.InvalidInputException;
import java.time.Duration;

/**
 * Tuning of an {@link EmbeddedLogExchange}.
 *
 * @param syncWrites fsync the write-ahead log before acknowledging an append, transaction or claim.
 *     With false, an acknowledged write still survives kill -9 of the process (the log is in the
 *     operating system's cache) but not a crash of the machine.
 * @param retentionInterval how often the exchange applies every store's retention rules on its own;
 *     {@link Duration#ZERO} applies them only when asked ({@code applyRetention})
 */
public record EmbeddedLogOptions(boolean syncWrites, Duration retentionInterval) {
  public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(1);

  public EmbeddedLogOptions {
    if (retentionInterval == null || retentionInterval.isNegative()) {
      throw new InvalidInputException(
          "retentionInterval must be zero or positive, got " + retentionInterval,
          "retentionInterval");
    }
  }

  /** Synced writes, retention applied every minute. */
  public static EmbeddedLogOptions defaults() {
    return new EmbeddedLogOptions(true, DEFAULT_RETENTION_INTERVAL);
  }

  public EmbeddedLogOptions withSyncWrites(boolean sync) {
    return new EmbeddedLogOptions(sync, retentionInterval);
  }

  public EmbeddedLogOptions withRetentionInterval(Duration interval) {
    return new EmbeddedLogOptions(syncWrites, interval);
  }
}
