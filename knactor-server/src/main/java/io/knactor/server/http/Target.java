package io.knactor.server.http;

import io.knactor.core.model.Names;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;

/**
 * What a store route's URL names: a store, maybe a kind, maybe an object name. Names are checked as
 * they are parsed, so an invalid one is a 400 naming it.
 */
record Target(StoreRef store, String kind, String name) {
  Target {
    if (kind != null) {
      Names.require(Names.KIND, kind, "kind");
    }
    if (name != null) {
      Names.require(Names.OBJECT_NAME, name, "name");
    }
  }

  ObjectKey key() {
    return new ObjectKey(store, kind, name);
  }
}
