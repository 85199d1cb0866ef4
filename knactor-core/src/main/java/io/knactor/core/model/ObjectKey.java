package io.knactor.core.model;

/** Identifies one object: its store, its kind and its name. */
public record ObjectKey(StoreRef store, String kind, String name) {
  public ObjectKey {
    if (store == null) {
      throw new NullPointerException("store");
    }
    Names.require(Names.KIND, kind, "kind");
    Names.require(Names.OBJECT_NAME, name, "name");
  }

  public static ObjectKey of(String store, String kind, String name) {
    return new ObjectKey(StoreRef.parse(store), kind, name);
  }

  @Override
  public String toString() {
    return store + "/" + kind + "/" + name;
  }
}
