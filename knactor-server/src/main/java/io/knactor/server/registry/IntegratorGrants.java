package io.knactor.server.registry;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.schema.Schema;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.FlowSink;
import io.knactor.sync.plan.PlanNode;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SyncPlan;
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
 * The grants the integrator principal of a Cast or a Sync (named like it) gets from its running
 * revision. Applying either is an admin act, so the admin grants exactly what the checked spec
 * needs; a new revision or a rollback moves the grants with it. Declared grants of the same
 * principal and kind are joined with these.
 *
 * <ul>
 *   <li>A Cast reads every kind its spec names and writes the target kinds, limited to the fields
 *       its rules fill.
 *   <li>A Sync reads its sources; it writes every field of the kinds it appends or dead-letters to,
 *       and reads and writes the kinds it folds into, limited to the fields its records have there
 *       (every external field when a user operator leaves them unknown) and the labels its fold
 *       offsets live in.
 * </ul>
 */
final class IntegratorGrants {
  private static final String LABELS_FIELD = "metadata.labels";

  private IntegratorGrants() {}

  static Map<Grant.Key, Grant> effective(
      Map<Grant.Key, Grant> declared,
      Collection<CastRecord> casts,
      Collection<SyncRecord> syncs,
      Map<SchemaRef, Schema> schemas) {
    List<Grant> derived = new ArrayList<>();
    for (CastRecord cast : casts) {
      if (cast.compiled() != null) {
        derived.addAll(derive(cast.compiled()));
      }
    }
    for (SyncRecord sync : syncs) {
      if (sync.plan() != null) {
        derived.addAll(derive(sync.plan(), schemas));
      }
    }
    Map<Grant.Key, Grant> out = new HashMap<>(declared);
    for (Grant grant : derived) {
      out.merge(grant.key(), grant, IntegratorGrants::join);
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
                  ? grant(key, List.of(Grant.ALL_FIELDS), Verb.READ)
                  : grant(key, List.copyOf(fields), Verb.READ, Verb.WRITE));
        });
    return grants;
  }

  static List<Grant> derive(SyncPlan plan, Map<SchemaRef, Schema> schemas) {
    List<Grant> grants = new ArrayList<>();
    for (SourcePlan source : plan.sources()) {
      grants.add(
          grant(
              new Grant.Key(plan.name(), source.source().store(), source.source().kind()),
              List.of(Grant.ALL_FIELDS),
              Verb.READ));
      for (PlanNode node : source.root().descendants()) {
        for (FlowSink sink : node.sinks()) {
          grants.add(sinkGrant(plan.name(), sink, schemas));
        }
        for (FlowSink letters : node.deadLetters()) {
          grants.add(sinkGrant(plan.name(), letters, schemas));
        }
      }
    }
    return grants;
  }

  private static Grant sinkGrant(String principal, FlowSink sink, Map<SchemaRef, Schema> schemas) {
    Destination d = sink.destination();
    Grant.Key key = new Grant.Key(principal, d.store(), d.kind());
    if (d.mode() != Destination.Mode.FOLD) {
      return grant(key, List.of(Grant.ALL_FIELDS), Verb.WRITE);
    }
    Set<String> fields = new LinkedHashSet<>(sink.fields());
    if (fields.isEmpty()) {
      Schema schema = schemas.get(d.store().schemaOf(d.kind()));
      if (schema != null) {
        fields.addAll(schema.externalPaths());
      }
    }
    fields.add(LABELS_FIELD);
    return grant(key, List.copyOf(fields), Verb.READ, Verb.WRITE);
  }

  private static Grant grant(Grant.Key key, List<String> fields, Verb first, Verb... rest) {
    return new Grant(key.principal(), key.store(), key.kind(), fields, EnumSet.of(first, rest));
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
