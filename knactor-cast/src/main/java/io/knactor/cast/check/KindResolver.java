package io.knactor.cast.check;

import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.InputDecl;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.Location;
import io.knactor.cast.spec.SingletonDecl;
import io.knactor.core.schema.Schema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the kinds a spec names to stores and schemas. A spec writes kinds the way it reads best
 * ({@code C.order}); schemas name them as types ({@code Order}). The rule: {@code C.order} is the
 * schema kind {@code Order} (the first letter upper-cased) if the store's type has it, otherwise
 * the schema kind spelled exactly {@code order}. Nothing else is folded, so {@code C.ORDER} is
 * unknown.
 */
final class KindResolver {
  /** The object name a schema-declared singleton is created under unless the spec names one. */
  static final String DEFAULT_SINGLETON_NAME = "default";

  private final CastSpec spec;
  private final SchemaCatalog catalog;
  private final Issues issues;
  private final Set<String> unknownStores = new HashSet<>();
  private final Map<KindRef, String> singletonNames = new HashMap<>();
  private final Map<KindRef, Optional<ResolvedKind>> resolved = new LinkedHashMap<>();

  KindResolver(CastSpec spec, SchemaCatalog catalog, Issues issues) {
    this.spec = spec;
    this.catalog = catalog;
    this.issues = issues;
    for (InputDecl input : spec.inputs().values()) {
      if (catalog.kindsOf(input.store()).isEmpty()) {
        unknownStores.add(input.alias());
        issues.error(
            input.location(),
            "input." + input.alias(),
            "no schemas are known for store " + input.store() + "; register its schemas first");
      }
    }
    for (SingletonDecl singleton : spec.singletons()) {
      singletonNames.put(singleton.kind(), singleton.objectName());
      resolve(singleton.kind(), singleton.location(), "singletons." + singleton.kind());
    }
  }

  /** True when {@code alias} is an input whose store has schemas. */
  boolean isKnownStore(String alias) {
    return spec.inputs().containsKey(alias) && !unknownStores.contains(alias);
  }

  /**
   * Resolves {@code ref}, reporting at {@code where} an unknown alias or kind; empty when it does
   * not resolve (an unknown store was reported at its input).
   */
  Optional<ResolvedKind> resolve(KindRef ref, Location where, String field) {
    Optional<ResolvedKind> result = resolved.get(ref);
    if (result == null) {
      InputDecl input = spec.inputs().get(ref.alias());
      result =
          input == null || unknownStores.contains(ref.alias())
              ? Optional.empty()
              : schema(input, ref.kind()).map(schema -> resolved(ref, input, schema));
      resolved.put(ref, result);
    }
    if (result.isEmpty()) {
      report(ref, where, field);
    }
    return result;
  }

  /** Every kind resolved so far, in the order first named. */
  Map<KindRef, ResolvedKind> resolvedKinds() {
    Map<KindRef, ResolvedKind> out = new LinkedHashMap<>();
    resolved.forEach((ref, kind) -> kind.ifPresent(k -> out.put(ref, k)));
    return out;
  }

  String unknownAlias(String alias) {
    return "unknown alias '"
        + alias
        + "' (inputs: "
        + String.join(", ", new java.util.TreeSet<>(spec.inputs().keySet()))
        + ")";
  }

  private void report(KindRef ref, Location where, String field) {
    InputDecl input = spec.inputs().get(ref.alias());
    if (input == null) {
      issues.error(where, field, unknownAlias(ref.alias()));
    } else if (!unknownStores.contains(ref.alias())) {
      issues.error(
          where,
          field,
          "unknown kind '"
              + ref.kind()
              + "' in "
              + ref.alias()
              + " (store "
              + input.store()
              + " has "
              + String.join(", ", catalog.kindsOf(input.store()))
              + ")");
    }
  }

  private Optional<Schema> schema(InputDecl input, String kind) {
    return catalog.findKind(input.store(), kind);
  }

  private ResolvedKind resolved(KindRef ref, InputDecl input, Schema schema) {
    String name = singletonNames.get(ref);
    boolean singleton = name != null || schema.singleton();
    return new ResolvedKind(
        ref,
        input.store(),
        schema,
        singleton,
        singleton ? (name != null ? name : DEFAULT_SINGLETON_NAME) : null);
  }
}
