package io.knactor.core.log;

import io.knactor.core.model.StoreRef;
import java.util.Set;

/**
 * One process's membership in a subscriber's group, as returned by {@link LogExchange#join}: the
 * exchange shares the partitions of the group's stores among the members and moves a member's
 * partitions to the others when it leaves or dies. Thread-safe.
 */
public interface GroupMembership extends AutoCloseable {
  String subscriber();

  Set<StoreRef> stores();

  /**
   * Leaves the group: the listener is told every partition it still owns is revoked, then the other
   * members get them. Idempotent.
   */
  @Override
  void close();
}
