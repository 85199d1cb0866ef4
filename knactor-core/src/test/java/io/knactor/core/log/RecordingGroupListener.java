package io.knactor.core.log;

import io.knactor.core.model.StoreRef;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/** A {@link GroupListener} for tests: tracks what a group member owns, as the exchange tells it. */
public final class RecordingGroupListener implements GroupListener {
  private final Map<StoreRef, Set<Integer>> owned = new ConcurrentHashMap<>();

  @Override
  public void assigned(StoreRef store, Set<Integer> partitions) {
    owned.computeIfAbsent(store, s -> new ConcurrentSkipListSet<>()).addAll(partitions);
  }

  @Override
  public void revoked(StoreRef store, Set<Integer> partitions) {
    owned.computeIfPresent(
        store,
        (s, held) -> {
          held.removeAll(partitions);
          return held.isEmpty() ? null : held;
        });
  }

  /** What the member owns now, by store. */
  public Map<StoreRef, Set<Integer>> owned() {
    Map<StoreRef, Set<Integer>> copy = new TreeMap<>(Comparator.comparing(StoreRef::toString));
    owned.forEach((store, held) -> copy.put(store, Set.copyOf(held)));
    return copy;
  }

  /** The partitions of {@code store} the member owns now. */
  public Set<Integer> owned(StoreRef store) {
    return Set.copyOf(owned.getOrDefault(store, Set.of()));
  }
}
