package io.knactor.cast.runtime;

import io.knactor.cast.eval.ObjectView;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The view the runtime evaluates changes with: objects as last known, from a read through the
 * exchange, the cast's watch or its own commits, whichever is newest; unknown objects are read
 * through. Every object it answers is at least as new as the position consumed so far, since every
 * later change reaches the cast as a watch event that {@link #seen} replaces it with: the same
 * guarantee a read through the exchange gives, without reading and decoding the objects every
 * evaluation shares (the singletons every key joins, the order all rules of a key read). A write
 * planned on a stale object conflicts; the runtime then forgets the objects it wrote ({@link
 * #forget(List)}) and reads them through.
 *
 * <p>A list of a kind is remembered until a change of that kind is seen or committed. Objects are
 * bounded (least recently used go first); owned by the runtime's thread.
 */
final class KnownObjects implements ObjectView {
  /** An object's newest known state: {@code object} null when it is absent. */
  private record Known(long version, StoredObject object) {}

  private final ObjectView live;
  private final Map<ObjectKey, Known> objects;
  private final Map<StoreRef, Map<String, List<StoredObject>>> lists = new HashMap<>();

  KnownObjects(ObjectView live, int capacity) {
    this.live = live;
    this.objects =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ObjectKey, Known> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    Known known = objects.get(key);
    if (known == null) {
      StoredObject read = live.get(key).orElse(null);
      known = new Known(read == null ? -1 : read.resourceVersion(), read);
      objects.put(key, known);
    }
    return Optional.ofNullable(known.object());
  }

  @Override
  public List<StoredObject> list(StoreRef store, String kind) {
    return lists
        .computeIfAbsent(store, s -> new HashMap<>())
        .computeIfAbsent(kind, k -> live.list(store, k));
  }

  /** A change delivered by the watch. */
  void seen(WatchEvent event) {
    StoredObject object = event.object();
    learn(object.key(), event.resourceVersion(), event.type() == EventType.DELETED ? null : object);
  }

  /**
   * What the first {@code writes} of a committed batch of the cast stored, as {@code result} says.
   */
  void committed(List<Write> writes, CommitResult result) {
    for (int i = 0; i < writes.size(); i++) {
      StoredObject object = result.objects().get(i);
      boolean deleted = writes.get(i).op() == Write.Op.DELETE;
      learn(object.key(), object.resourceVersion(), deleted ? null : object);
    }
  }

  private void learn(ObjectKey key, long version, StoredObject object) {
    forgetList(key);
    Known known = objects.get(key);
    if (known == null || known.version() < version) {
      objects.put(key, new Known(version, object));
    }
  }

  /** Forgets the objects {@code writes} write (their state moved): the next reads go through. */
  void forget(List<Write> writes) {
    for (Write write : writes) {
      objects.remove(write.key());
      forgetList(write.key());
    }
  }

  private void forgetList(ObjectKey key) {
    Map<String, List<StoredObject>> kinds = lists.get(key.store());
    if (kinds != null) {
      kinds.remove(key.kind());
    }
  }

  /** Forgets one object (its state moved): the next read of it goes through. */
  void forget(ObjectKey key) {
    objects.remove(key);
    forgetList(key);
  }

  /** Forgets everything: the next reads go through to the exchange. */
  void forget() {
    objects.clear();
    lists.clear();
  }
}
