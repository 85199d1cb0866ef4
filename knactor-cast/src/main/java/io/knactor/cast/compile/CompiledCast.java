package io.knactor.cast.compile;

import io.knactor.cast.plan.CastPlan;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.KindRef;
import io.knactor.core.model.StoreRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked Cast spec, compiled: what the runtime consumes and never re-parses. It holds the spec
 * it came from, every kind resolved to its store and schema, every rule's CEL program, and the plan
 * of which fields feed which. Immutable and thread-safe; {@link #withRevision} stamps the revision
 * the runtime applies it as.
 */
public final class CompiledCast {
  private final CastSpec spec;
  private final long revision;
  private final Map<KindRef, ResolvedKind> kinds;
  private final Map<FieldRef, CompiledRule> rules;
  private final CastPlan plan;

  /**
   * @param kinds every kind the spec names, resolved
   * @param rules the rules in spec order
   * @param plan the plan of the rules, free of cycles
   */
  public CompiledCast(
      CastSpec spec,
      long revision,
      Map<KindRef, ResolvedKind> kinds,
      List<CompiledRule> rules,
      CastPlan plan) {
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1");
    }
    if (!plan.cycles().isEmpty()) {
      throw new IllegalArgumentException("a compiled cast has no cycles: " + plan.cycles());
    }
    this.spec = spec;
    this.revision = revision;
    this.kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    Map<FieldRef, CompiledRule> byTarget = new LinkedHashMap<>();
    rules.forEach(rule -> byTarget.put(rule.target(), rule));
    this.rules = Collections.unmodifiableMap(byTarget);
    this.plan = plan;
  }

  /** The cast's name, from the spec. */
  public String name() {
    return spec.name();
  }

  /** The revision of the spec this was compiled from; starts at 1 and grows with each apply. */
  public long revision() {
    return revision;
  }

  /** This compiled cast stamped with another revision. */
  public CompiledCast withRevision(long revision) {
    return new CompiledCast(spec, revision, kinds, List.copyOf(rules.values()), plan);
  }

  public CastSpec spec() {
    return spec;
  }

  public CastPlan plan() {
    return plan;
  }

  /** Every kind the spec names, resolved, in the order first named. */
  public Map<KindRef, ResolvedKind> kinds() {
    return kinds;
  }

  public ResolvedKind kind(KindRef ref) {
    ResolvedKind kind = kinds.get(ref);
    if (kind == null) {
      throw new IllegalArgumentException("cast " + name() + " has no kind " + ref);
    }
    return kind;
  }

  /** The rules in spec order. */
  public List<CompiledRule> rules() {
    return List.copyOf(rules.values());
  }

  /** The rule that fills {@code target}. */
  public CompiledRule rule(FieldRef target) {
    CompiledRule rule = rules.get(target);
    if (rule == null) {
      throw new IllegalArgumentException("cast " + name() + " has no rule for " + target);
    }
    return rule;
  }

  /** The kinds whose objects are stored in {@code store} under {@code storedKind}. */
  public List<ResolvedKind> kindsOf(StoreRef store, String storedKind) {
    List<ResolvedKind> out = new ArrayList<>();
    for (ResolvedKind kind : kinds.values()) {
      if (kind.matches(store, storedKind)) {
        out.add(kind);
      }
    }
    return out;
  }

  /** The stores the cast reads or writes: what it must watch and be granted. */
  public Set<StoreRef> stores() {
    Set<StoreRef> out = new LinkedHashSet<>();
    spec.inputs().values().forEach(input -> out.add(input.store()));
    return out;
  }

  @Override
  public String toString() {
    return "cast " + name() + " revision " + revision;
  }
}
