package io.knactor.exchange.embedded;

import io.knactor.core.error.InvalidInputException;

/**
 * Tuning of an {@link EmbeddedObjectExchange}.
 *
 * @param changeLogRetention how many of the latest changes the change log keeps for watches to
 *     resume from (it may hold up to 10% more before the writer trims it); a watch from an older
 *     version fails with ExpiredException
 * @param historyLimit how many of its latest versions each object's history keeps
 * @param syncWrites fsync the write-ahead log before acknowledging a commit. With false, an
 *     acknowledged commit still survives kill -9 of the process (the log is in the operating
 *     system's cache) but not a crash of the machine.
 */
public record EmbeddedOptions(long changeLogRetention, int historyLimit, boolean syncWrites) {
  public static final long DEFAULT_CHANGE_LOG_RETENTION = 100_000;
  public static final int DEFAULT_HISTORY_LIMIT = 16;

  public EmbeddedOptions {
    if (changeLogRetention < 1) {
      throw new InvalidInputException(
          "changeLogRetention must be at least 1, got " + changeLogRetention, "changeLogRetention");
    }
    if (historyLimit < 1) {
      throw new InvalidInputException(
          "historyLimit must be at least 1, got " + historyLimit, "historyLimit");
    }
  }

  /** 100,000 changes retained, 16 versions per object, synced writes. */
  public static EmbeddedOptions defaults() {
    return new EmbeddedOptions(DEFAULT_CHANGE_LOG_RETENTION, DEFAULT_HISTORY_LIMIT, true);
  }

  public EmbeddedOptions withChangeLogRetention(long changes) {
    return new EmbeddedOptions(changes, historyLimit, syncWrites);
  }

  public EmbeddedOptions withHistoryLimit(int versions) {
    return new EmbeddedOptions(changeLogRetention, versions, syncWrites);
  }

  public EmbeddedOptions withSyncWrites(boolean sync) {
    return new EmbeddedOptions(changeLogRetention, historyLimit, sync);
  }
}
