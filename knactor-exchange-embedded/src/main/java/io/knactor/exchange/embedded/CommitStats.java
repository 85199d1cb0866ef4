package io.knactor.exchange.embedded;

/**
 * Counters of the group commit since the exchange was opened: how many batches were committed and
 * how many RocksDB writes (each one WAL fsync when writes are synced) carried them. Their ratio is
 * the average group size.
 */
public record CommitStats(long batchesCommitted, long walWrites) {}
