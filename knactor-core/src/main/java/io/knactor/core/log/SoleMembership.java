package io.knactor.core.log;

import io.knactor.core.model.StoreRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default group membership of {@link LogExchange#join}: a group of one, for backends that run
 * in one process. The member owns every partition of every store from the start; they are revoked
 * on close.
 */
final class SoleMembership implements GroupMembership {
  private final String subscriber;
  private final GroupListener listener;
  private final Map<StoreRef, Set<Integer>> owned = new LinkedHashMap<>();
  private boolean closed;

  SoleMembership(
      LogExchange exchange, String subscriber, Set<StoreRef> stores, GroupListener listener) {
    this.subscriber = LogLimits.checkSubscriber(subscriber, "subscriber");
    this.listener = listener;
    for (StoreRef store : stores) {
      Set<Integer> partitions = new TreeSet<>();
      for (int p = 0; p < exchange.describe(store).spec().partitions(); p++) {
        partitions.add(p);
      }
      owned.put(store, Set.copyOf(partitions));
    }
    owned.forEach(listener::assigned);
  }

  @Override
  public String subscriber() {
    return subscriber;
  }

  @Override
  public Set<StoreRef> stores() {
    return Set.copyOf(owned.keySet());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    owned.forEach(listener::revoked);
  }
}
