package io.knactor.sync.runtime;

import io.knactor.sync.plan.SourceStream;

/** One partition of one source of a running Sync: what an instance owns and what moves. */
public record TaskId(SourceStream source, int partition) {
  @Override
  public String toString() {
    return source.store() + "#" + partition;
  }
}
