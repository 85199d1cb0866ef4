package io.knactor.bench.foundation;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import java.time.Duration;

/**
 * A watcher thread's body for the fan-out scenario: polls its watch until stopped and checks that
 * events arrive with consecutive resourceVersions starting right after {@code from}, i.e. every
 * change of the store, in order, none twice. Only the benchmark writes the store, so any other
 * sequence is a lost, repeated or reordered event.
 */
final class CountingWatcher implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final Watch watch;
  private final long from;
  private volatile long lastVersion;
  private volatile long received;
  private volatile String problem;
  private volatile boolean stopping;

  CountingWatcher(Watch watch, long from) {
    this.watch = watch;
    this.from = from;
    this.lastVersion = from;
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        WatchEvent event = watch.poll(POLL);
        if (event != null) {
          if (event.resourceVersion() != lastVersion + 1) {
            problem =
                "expected version " + (lastVersion + 1) + ", received " + event.resourceVersion();
            return;
          }
          lastVersion = event.resourceVersion();
          received++;
        }
      }
    } catch (UnavailableException e) {
      if (!stopping) {
        problem = "watch ended: " + e.getMessage();
      }
    } catch (RuntimeException e) {
      problem = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      problem = "interrupted";
    }
  }

  /** True once this watcher has seen {@code version}, or has stopped on a problem. */
  boolean reached(long version) {
    return lastVersion >= version || problem != null;
  }

  /** Ends polling; the watcher thread returns promptly. */
  void stop() {
    stopping = true;
    watch.close();
  }

  /** Null when this watcher saw exactly the versions after {@code from} through {@code last}. */
  String check(long last) {
    if (problem != null) {
      return problem;
    }
    if (received != last - from || lastVersion != last) {
      return "received " + received + " of " + (last - from) + " events";
    }
    return null;
  }
}
