package io.knactor.cast.runtime;

import io.knactor.cast.eval.ObjectView;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live view that remembers what it read until {@link #clear}: the evaluations of one round of
 * changes read the objects they share (the singletons every key joins, the order read by the rules
 * of several changes of one key) once. The runtime clears it before each round and after every
 * commit, so a round reads a state at least as new as every change it drained before evaluating; a
 * change committed after that reaches the cast as an event of a later round. Owned by the runtime's
 * thread.
 */
final class RoundView implements ObjectView {
  private final ObjectView live;
  private final Map<ObjectKey, Optional<StoredObject>> objects = new HashMap<>();
  private final Map<StoreRef, Map<String, List<StoredObject>>> lists = new HashMap<>();

  RoundView(ObjectView live) {
    this.live = live;
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return objects.computeIfAbsent(key, live::get);
  }

  @Override
  public List<StoredObject> list(StoreRef store, String kind) {
    return lists
        .computeIfAbsent(store, s -> new HashMap<>())
        .computeIfAbsent(kind, k -> live.list(store, k));
  }

  /** Forgets what was read: the next reads see the exchange's current state. */
  void clear() {
    objects.clear();
    lists.clear();
  }
}
