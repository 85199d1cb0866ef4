package io.knactor.bench.sync;

/**
 * How much work each part of the sync benchmark does.
 *
 * @param records source records per throughput run (filter+rename, aggregate, exactly-once)
 * @param warmupRecords records each engine processes unmeasured first, so the JIT has compiled it
 * @param consolidationRecords source records per consolidation run (8 unshared flows do 8x work)
 * @param handovers in-memory hand-overs timed
 * @param batch records per batch (one transaction on the log exchange)
 * @param moves partition moves timed in a running Sync (as many again before, unmeasured)
 */
public record SyncSettings(
    int records, int warmupRecords, int consolidationRecords, int handovers, int batch, int moves) {

  /** The documented run: a few minutes on a 2-core machine. */
  public static SyncSettings full() {
    return new SyncSettings(1_000_000, 200_000, 200_000, 1_000, 1_000, 200);
  }

  /** A smoke run of the harness, well under two minutes; its numbers are not worth publishing. */
  public static SyncSettings quick() {
    return new SyncSettings(50_000, 30_000, 20_000, 200, 1_000, 60);
  }
}
