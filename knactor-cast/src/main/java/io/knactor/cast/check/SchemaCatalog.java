package io.knactor.cast.check;

import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Schema;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schemas a spec is checked against: registered per knactor type ({@code
 * App/version/Type/Kind}), so every instance of a type shares them.
 */
public interface SchemaCatalog {
  /** The schema named {@code ref}, or empty. */
  Optional<Schema> find(SchemaRef ref);

  /** The kinds with a schema for the knactor type of {@code store}, sorted; empty when none. */
  Set<String> kindsOf(StoreRef store);

  /**
   * The schema of a kind as specs write it: {@code order} is the schema kind {@code Order} (first
   * letter upper-cased) if the store's type has it, otherwise the kind spelled exactly {@code
   * order}.
   */
  default Optional<Schema> findKind(StoreRef store, String kind) {
    String capitalized = kind.substring(0, 1).toUpperCase(Locale.ROOT) + kind.substring(1);
    Optional<Schema> schema = find(store.schemaOf(capitalized));
    return schema.isPresent() ? schema : find(store.schemaOf(kind));
  }

  /** A catalog holding exactly {@code schemas}; a later schema with the same name wins. */
  static SchemaCatalog of(Collection<Schema> schemas) {
    Map<SchemaRef, Schema> byRef = new LinkedHashMap<>();
    schemas.forEach(schema -> byRef.put(schema.ref(), schema));
    return new SchemaCatalog() {
      @Override
      public Optional<Schema> find(SchemaRef ref) {
        return Optional.ofNullable(byRef.get(ref));
      }

      @Override
      public Set<String> kindsOf(StoreRef store) {
        Set<String> kinds = new TreeSet<>();
        for (SchemaRef ref : byRef.keySet()) {
          if (ref.app().equals(store.app())
              && ref.version().equals(store.version())
              && ref.type().equals(store.type())) {
            kinds.add(ref.kind());
          }
        }
        return kinds;
      }
    };
  }

  static SchemaCatalog of(Schema... schemas) {
    return of(List.of(schemas));
  }
}
