package io.knactor.exchange.etcd.internal;

import io.knactor.core.error.ExpiredException;

/**
 * Maps exchange versions to etcd revisions. The exchange version at a revision is the value of the
 * counter key then, which only grows, so the newest revision at or below a version is found by
 * binary search over the counter's past values, between its creation and its last change: a few
 * dozen reads at most, only when a watch or a snapshot read starts from an older version.
 */
public final class Revisions {
  private final Reader reader;

  public Revisions(Reader reader) {
    this.reader = reader;
  }

  /**
   * The newest etcd revision at which the exchange version was at most {@code version}: a snapshot
   * read there sees every change up to {@code version} (up to the start of the batch holding it,
   * when {@code version} lies inside a batch), and every later change has a later revision.
   *
   * @throws ExpiredException when that revision has been compacted
   */
  public long atOrBelow(long version, String what) {
    Reader.Counter now = reader.counter(0);
    if (now.value() <= version) {
      return now.headerRevision();
    }
    long low = Math.max(0, now.createRevision() - 1);
    long high = now.modRevision() - 1;
    while (low < high) {
      long middle = low + (high - low + 1) / 2;
      boolean atOrBelow;
      try {
        atOrBelow = reader.counter(middle).value() <= version;
      } catch (EtcdClient.CompactedException e) {
        // The answer is then either above the compaction, or compacted itself (checked below).
        atOrBelow = true;
      }
      if (atOrBelow) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    if (low > 0) {
      try {
        reader.counter(low);
      } catch (EtcdClient.CompactedException e) {
        throw expired(version, what);
      }
    }
    return low;
  }

  public static ExpiredException expired(long version, String what) {
    return new ExpiredException(
        what
            + " from resourceVersion "
            + version
            + ": etcd has compacted that part of its history; list again and watch from the"
            + " list's resourceVersion",
        "resourceVersion");
  }
}
