package io.knactor.server.registry;

import io.knactor.core.model.StoreRef;
import java.util.List;
import java.util.Set;

/**
 * What one integrator may do with one kind of objects of one store.
 *
 * @param fields dotted paths of the fields it may write ({@code quote.price} also covers what lies
 *     under it), or {@code ["*"]} for every field; labels count as the field {@code
 *     metadata.labels}
 * @param verbs read and/or write
 */
public record Grant(
    String principal, StoreRef store, String kind, List<String> fields, Set<Verb> verbs) {
  public static final String ALL_FIELDS = "*";

  public Grant {
    fields = List.copyOf(fields);
    verbs = Set.copyOf(verbs);
  }

  public boolean allowsAllFields() {
    return fields.contains(ALL_FIELDS);
  }

  /** True when a change at {@code path} is within a granted field. */
  public boolean covers(String path) {
    for (String field : fields) {
      if (field.equals(ALL_FIELDS) || path.equals(field) || path.startsWith(field + ".")) {
        return true;
      }
    }
    return false;
  }

  /** The identity of a grant: applying another grant with the same key replaces it. */
  public record Key(String principal, StoreRef store, String kind) {}

  public Key key() {
    return new Key(principal, store, kind);
  }
}
