package io.knactor.sync.plan;

import io.knactor.core.model.StoreRef;

/**
 * The records one or more flows read: records of one schema kind (e.g. {@code Reading}) in one log
 * store. A partition task runs every flow of one source over one partition.
 */
public record SourceStream(StoreRef store, String kind) {
  @Override
  public String toString() {
    return store + " " + kind;
  }
}
