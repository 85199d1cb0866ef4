package io.knactor.exchange.embedded.internal;

/**
 * The committed version and the first version the change log still holds. Written only by the
 * writing leader of a commit group, after the RocksDB write that makes them true; read by any
 * thread.
 */
public final class LogBounds {
  private volatile long committed;
  private volatile long firstRetained;

  public LogBounds(long committed, long firstRetained) {
    this.committed = committed;
    this.firstRetained = firstRetained;
  }

  public long committed() {
    return committed;
  }

  public long firstRetained() {
    return firstRetained;
  }

  void committed(long version) {
    committed = version;
  }

  void firstRetained(long version) {
    firstRetained = version;
  }
}
