package io.knactor.core.exchange;

import java.time.Duration;

/**
 * A stream of changes, owned by the thread that polls it. Events arrive in resourceVersion order,
 * each exactly once, with no gap after the request's {@code fromVersion}.
 *
 * <p>{@link #poll} may be called from one thread at a time; {@link #close} from any thread.
 */
public interface Watch extends AutoCloseable {
  /**
   * Returns the next event, waiting up to {@code timeout}; null when none arrived in time.
   *
   * @throws io.knactor.core.error.ExpiredException when the requested version is older than the
   *     retained history (relist, then watch from the list's version)
   * @throws io.knactor.core.error.WatchOverflowException when this watcher fell too far behind
   * @throws io.knactor.core.error.UnavailableException when the watch or its exchange was closed
   */
  WatchEvent poll(Duration timeout) throws InterruptedException;

  /** Stops the watch and releases its queue; a blocked {@link #poll} returns or throws promptly. */
  @Override
  void close();
}
