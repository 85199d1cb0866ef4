package io.knactor.core.exchange;

import java.util.List;
import java.util.Objects;

/**
 * Writes that commit atomically, all or none, on behalf of one principal. The writes may touch
 * objects of several stores of one exchange; each gets its own consecutive resourceVersion, and
 * watchers see all of them or none.
 */
public record WriteBatch(String principal, List<Write> writes) {
  public WriteBatch {
    Objects.requireNonNull(principal, "principal");
    writes = List.copyOf(writes);
    if (writes.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one write");
    }
  }

  public static WriteBatch of(String principal, Write... writes) {
    return new WriteBatch(principal, List.of(writes));
  }
}
