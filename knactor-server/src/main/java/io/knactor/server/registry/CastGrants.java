package io.knactor.server.registry;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.ResolvedKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grants a Cast's integrator principal (named like the cast) gets from its running revision:
 * read on every kind the spec names, write on the target kinds limited to the fields its rules
 * fill. Applying a Cast is an admin act, so the admin grants exactly what the checked spec needs; a
 * new revision or a rollback moves the grants with it. Declared grants of the same principal and
 * kind are joined with these.
 */
final class CastGrants {
  private CastGrants() {}

  static Map<Grant.Key, Grant> effective(
      Map<Grant.Key, Grant> declared, Collection<CastRecord> casts) {
    Map<Grant.Key, Grant> out = new HashMap<>(declared);
    for (CastRecord cast : casts) {
      if (cast.compiled() != null) {
        for (Grant derived : derive(cast.compiled())) {
          out.merge(derived.key(), derived, CastGrants::join);
        }
      }
    }
    return Map.copyOf(out);
  }

  static List<Grant> derive(CompiledCast cast) {
    Map<Grant.Key, Set<String>> written = new LinkedHashMap<>();
    Map<Grant.Key, ResolvedKind> kinds = new LinkedHashMap<>();
    for (ResolvedKind kind : cast.kinds().values()) {
      kinds.putIfAbsent(new Grant.Key(cast.name(), kind.store(), kind.storedKind()), kind);
    }
    for (CompiledRule rule : cast.rules()) {
      ResolvedKind kind = rule.targetKind();
      written
          .computeIfAbsent(
              new Grant.Key(cast.name(), kind.store(), kind.storedKind()),
              k -> new LinkedHashSet<>())
          .add(rule.target().path());
    }
    List<Grant> grants = new ArrayList<>();
    kinds.forEach(
        (key, kind) -> {
          Set<String> fields = written.get(key);
          grants.add(
              fields == null
                  ? new Grant(
                      key.principal(),
                      key.store(),
                      key.kind(),
                      List.of(Grant.ALL_FIELDS),
                      EnumSet.of(Verb.READ))
                  : new Grant(
                      key.principal(),
                      key.store(),
                      key.kind(),
                      List.copyOf(fields),
                      EnumSet.of(Verb.READ, Verb.WRITE)));
        });
    return grants;
  }

  /** Both grants' verbs; as writable fields, those of each grant that has write. */
  private static Grant join(Grant a, Grant b) {
    Set<Verb> verbs = EnumSet.noneOf(Verb.class);
    verbs.addAll(a.verbs());
    verbs.addAll(b.verbs());
    Set<String> fields = new LinkedHashSet<>();
    for (Grant g : List.of(a, b)) {
      if (g.verbs().contains(Verb.WRITE)) {
        fields.addAll(g.fields());
      }
    }
    List<String> joined =
        fields.isEmpty() || fields.contains(Grant.ALL_FIELDS)
            ? List.of(Grant.ALL_FIELDS)
            : List.copyOf(fields);
    return new Grant(a.principal(), a.store(), a.kind(), joined, verbs);
  }
}
