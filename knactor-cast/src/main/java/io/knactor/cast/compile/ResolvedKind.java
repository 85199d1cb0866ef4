package io.knactor.cast.compile;

import io.knactor.cast.spec.KindRef;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Schema;

/**
 * A kind a spec names, resolved: its store, its schema (whose kind is the kind objects are stored
 * under, e.g. {@code C.order} is stored as {@code Order}) and whether it is a singleton.
 *
 * @param singletonName for a singleton, the name the cast creates its object under; null otherwise
 */
public record ResolvedKind(
    KindRef ref, StoreRef store, Schema schema, boolean singleton, String singletonName) {

  /** The kind objects are stored under. */
  public String storedKind() {
    return schema.ref().kind();
  }

  /** The key of this kind's object called {@code name}. */
  public ObjectKey key(String name) {
    return new ObjectKey(store, storedKind(), name);
  }

  /** True when objects of {@code kind} in {@code store} are of this kind. */
  public boolean matches(StoreRef store, String kind) {
    return this.store.equals(store) && storedKind().equals(kind);
  }

  /** The variable an expression reads this kind through, e.g. {@code C.order}. */
  public String variable() {
    return ref.toString();
  }
}
