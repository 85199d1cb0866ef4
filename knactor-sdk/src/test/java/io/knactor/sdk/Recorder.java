package io.knactor.sdk;

import io.knactor.core.exchange.EventType;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler that remembers every call, for tests to compare with the store. Thread-safe. */
final class Recorder implements Reconciler {
  final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public Result reconcile(Context context, Event event) {
    events.add(event);
    return Result.done();
  }

  /** Each call as {@code "TYPE name"}, in order. */
  List<String> calls() {
    return events.stream().map(e -> e.type() + " " + e.name()).toList();
  }

  /** What the handler believes the kind holds: the last state of every object not deleted. */
  Map<String, Long> believedVersions() {
    Map<String, Long> state = new TreeMap<>();
    for (Event event : events) {
      if (event.type() == EventType.DELETED) {
        state.remove(event.name());
      } else {
        state.put(event.name(), event.resourceVersion());
      }
    }
    return state;
  }

  static Map<String, Long> versions(List<StoredObject> objects) {
    Map<String, Long> state = new TreeMap<>();
    objects.forEach(o -> state.put(o.name(), o.resourceVersion()));
    return state;
  }
}
