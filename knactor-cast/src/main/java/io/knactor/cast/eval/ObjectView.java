package io.knactor.cast.eval;

import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the evaluator may read: current objects by key, and the objects of a kind in a store. The
 * evaluator never writes through it. A view may show writes planned but not yet committed (a cast
 * runtime's round does): such an object carries the version its writes expect, and one they would
 * create carries version 0 ({@code Write.ANY_VERSION}), which provenance does not name.
 */
public interface ObjectView {
  Optional<StoredObject> get(ObjectKey key);

  /** The objects of {@code kind} in {@code store}, ordered by name. */
  List<StoredObject> list(StoreRef store, String kind);

  /** A fixed view of {@code objects}; a later object with the same key wins. */
  static ObjectView of(Collection<StoredObject> objects) {
    Map<ObjectKey, StoredObject> byKey = new LinkedHashMap<>();
    objects.forEach(o -> byKey.put(o.key(), o));
    return new ObjectView() {
      @Override
      public Optional<StoredObject> get(ObjectKey key) {
        return Optional.ofNullable(byKey.get(key));
      }

      @Override
      public List<StoredObject> list(StoreRef store, String kind) {
        return byKey.values().stream()
            .filter(o -> o.store().equals(store) && o.kind().equals(kind))
            .sorted(Comparator.comparing(StoredObject::name))
            .toList();
      }
    };
  }

  /** A live view reading through {@code exchange}. */
  static ObjectView of(ObjectExchange exchange) {
    return new ObjectView() {
      @Override
      public Optional<StoredObject> get(ObjectKey key) {
        return exchange.get(key);
      }

      @Override
      public List<StoredObject> list(StoreRef store, String kind) {
        return exchange.list(ListRequest.of(store, kind)).items().stream()
            .sorted(Comparator.comparing(StoredObject::name))
            .toList();
      }
    };
  }
}
