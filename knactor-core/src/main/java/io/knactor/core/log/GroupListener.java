package io.knactor.core.log;

import io.knactor.core.model.StoreRef;
import java.util.Set;

/**
 * Told which partitions a member of a subscriber's group gains and loses (see {@link
 * LogExchange#join}). Calls come one at a time, in order, from the membership's own thread (the
 * default group of one calls {@link #assigned} on the joining thread, before {@code join} returns).
 * A call should return once the member has taken, or let go of, the partitions: the group waits for
 * it before it hands them on.
 */
public interface GroupListener {
  /** The member now owns {@code partitions} of {@code store}: claim them and resume. */
  void assigned(StoreRef store, Set<Integer> partitions);

  /**
   * The member no longer owns {@code partitions} of {@code store} (moved to another member, lost
   * after missing the group's heartbeats, or left on {@link GroupMembership#close}): stop
   * processing them. A commit in flight may still land; if the next owner claimed first, the claim
   * fences it.
   */
  void revoked(StoreRef store, Set<Integer> partitions);
}
