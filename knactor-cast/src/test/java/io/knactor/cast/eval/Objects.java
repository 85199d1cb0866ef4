package io.knactor.cast.eval;

import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small in-memory store of objects for evaluator tests: builds views and applies batches. */
final class Objects {
  private final Map<ObjectKey, StoredObject> objects = new LinkedHashMap<>();
  private long version;

  StoredObject put(String store, String kind, String name, String json) {
    ObjectKey key = ObjectKey.of(store, kind, name);
    StoredObject object =
        new StoredObject(
            key, Map.of(), ++version, Json.parseObject(json.replace('\'', '"'), "test"));
    objects.put(key, object);
    return object;
  }

  StoredObject get(String store, String kind, String name) {
    return objects.get(ObjectKey.of(store, kind, name));
  }

  ObjectView view() {
    return ObjectView.of(new ArrayList<>(objects.values()));
  }

  /** Applies PATCH_OR_CREATE writes the way an exchange does, checking expected versions. */
  void apply(List<Write> writes) {
    for (Write write : writes) {
      StoredObject current = objects.get(write.key());
      if (write.expectedVersion() != Write.ANY_VERSION
          && (current == null || current.resourceVersion() != write.expectedVersion())) {
        throw new AssertionError("stale expected version in " + write);
      }
      objects.put(
          write.key(),
          new StoredObject(
              write.key(),
              Map.of(),
              ++version,
              JsonMergePatch.apply(current == null ? null : current.data(), write.data())));
    }
  }
}
