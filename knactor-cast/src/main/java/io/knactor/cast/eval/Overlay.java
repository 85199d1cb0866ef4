package io.knactor.cast.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects one evaluation sees: the view, with the changed object as the change says (unless the
 * view already holds a newer version), and with the values this evaluation has planned to write
 * applied, so that rules downstream read them. Never writes to the view.
 */
final class Overlay {
  /** One object: as read (null when absent) and as it will be after the planned writes. */
  static final class State {
    final StoredObject original;
    ObjectNode data;

    State(StoredObject original) {
      this.original = original;
      this.data = original == null ? null : original.data();
    }

    void set(String path, JsonNode value) {
      ObjectNode copy = data == null ? Json.object() : data.deepCopy();
      JsonValues.set(copy, path, value);
      data = copy;
    }
  }

  private final ObjectView view;
  private final SourceChange change;
  private final Map<ObjectKey, State> states = new HashMap<>();
  private final Map<List<Object>, List<StoredObject>> listed = new HashMap<>();

  Overlay(ObjectView view, SourceChange change) {
    this.view = view;
    this.change = change;
  }

  State state(ObjectKey key) {
    return states.computeIfAbsent(key, k -> new State(read(k).orElse(null)));
  }

  /** The names of the objects of a kind, as this evaluation sees them, sorted. */
  List<String> names(StoreRef store, String kind) {
    List<String> names = new ArrayList<>();
    boolean changed =
        change != null && change.key().store().equals(store) && change.key().kind().equals(kind);
    for (StoredObject object :
        listed.computeIfAbsent(List.of(store, kind), k -> view.list(store, kind))) {
      if (!changed || !object.key().equals(change.key())) {
        names.add(object.name());
      }
    }
    if (changed && state(change.key()).data != null) {
      names.add(change.key().name());
    }
    states.forEach(
        (key, state) -> {
          if (key.store().equals(store)
              && key.kind().equals(kind)
              && state.data != null
              && !names.contains(key.name())) {
            names.add(key.name());
          }
        });
    names.sort(null);
    return names;
  }

  private Optional<StoredObject> read(ObjectKey key) {
    Optional<StoredObject> viewed = view.get(key);
    if (change == null || !key.equals(change.key())) {
      return viewed;
    }
    // At the change's own version the view's object is the change's, or (in a runtime's round) the
    // change's with writes planned on it laid over: the view wins. A deletion's previous version is
    // older than the deletion, so there only a newer object wins.
    boolean viewWins =
        viewed.isPresent()
            && (change.current() != null
                ? viewed.get().resourceVersion() >= change.current().resourceVersion()
                : change.previous() == null
                    || viewed.get().resourceVersion() > change.previous().resourceVersion());
    if (viewWins) {
      return viewed;
    }
    return Optional.ofNullable(change.current());
  }
}
