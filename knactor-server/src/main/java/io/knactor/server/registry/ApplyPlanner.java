package io.knactor.server.registry;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Schema;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.server.registry.RegistryDocument.CastDocument;
import io.knactor.server.registry.RegistryDocument.GrantDocument;
import io.knactor.server.registry.RegistryDocument.KnactorDocument;
import io.knactor.server.registry.RegistryDocument.PrincipalDocument;
import io.knactor.server.registry.RegistryDocument.SchemaDocument;
import io.knactor.server.registry.RegistryDocument.SyncDocument;
import io.knactor.sync.plan.SyncPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Checks a set of documents against the registry as it would be after applying all of them, and
 * plans the result: the next snapshot, the writes that store it, and what happened to each
 * document. Nothing is planned unless every document checks.
 */
final class ApplyPlanner {
  /** The checked outcome of an apply; {@code writes} is empty when nothing changes. */
  record Plan(RegistryState next, List<Write> writes, ApplyResult result) {}

  private static final String LABELS_FIELD = "metadata.labels";

  private final RegistryState current;
  private final String adminTokenSha256;
  private final RegistryState.Builder next;
  private final Problems problems = new Problems();
  private final List<Write> writes = new ArrayList<>();
  private final List<ApplyResult.Item> items = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<Grant.Key> stagedGrants = new HashSet<>();
  private final Set<StoreRef> stagedKnactors = new HashSet<>();
  private final Map<String, CastDocument> stagedCasts = new LinkedHashMap<>();
  private final Map<String, SyncDocument> stagedSyncs = new LinkedHashMap<>();
  private final CastCompiler castCompiler;
  private final SyncCompiler syncCompiler;
  private boolean stagedSchemas;

  private ApplyPlanner(
      RegistryState current,
      String adminTokenSha256,
      CastCompiler castCompiler,
      SyncCompiler syncCompiler) {
    this.current = current;
    this.adminTokenSha256 = adminTokenSha256;
    this.castCompiler = castCompiler;
    this.syncCompiler = syncCompiler;
    this.next = current.toBuilder();
  }

  /**
   * @throws io.knactor.core.error.SpecException listing every problem, naming document and line
   */
  static Plan plan(
      RegistryState current,
      List<RegistryDocument> documents,
      String adminSha256,
      CastCompiler castCompiler,
      SyncCompiler syncCompiler) {
    ApplyPlanner planner = new ApplyPlanner(current, adminSha256, castCompiler, syncCompiler);
    for (RegistryDocument document : documents) {
      planner.stage(document);
    }
    planner.stageIntegratorPrincipals();
    planner.problems.throwIfAny();
    planner.compileIntegrators();
    planner.problems.throwIfAny();
    RegistryState next = planner.next.build();
    for (RegistryDocument document : documents) {
      planner.check(document, next);
    }
    planner.problems.throwIfAny();
    return new Plan(next, planner.writes, new ApplyResult(planner.items));
  }

  private void stage(RegistryDocument document) {
    if (!seen.add(document.kind() + " " + document.name())) {
      problems.add(
          document.source(),
          null,
          document.kind() + " '" + document.name() + "' appears twice in this request");
      return;
    }
    if (document instanceof SchemaDocument d) {
      stageSchema(d);
    } else if (document instanceof KnactorDocument d) {
      stageKnactor(d);
    } else if (document instanceof PrincipalDocument d) {
      stagePrincipal(d);
    } else if (document instanceof GrantDocument d) {
      stageGrant(d);
    } else if (document instanceof CastDocument d) {
      stageCast(d);
    } else if (document instanceof SyncDocument d) {
      stageSync(d);
    }
  }

  private void stageCast(CastDocument d) {
    String name = d.spec().name();
    stageRevision(d, current.cast(name), d.text(), d.spec().historyLimit())
        .ifPresent(
            history -> {
              CastRecord staged = new CastRecord(name, history, null, "");
              next.casts.put(name, staged);
              stagedCasts.put(name, d);
              writes.add(RegistryRecords.write(staged));
            });
  }

  private void stageSync(SyncDocument d) {
    String name = d.spec().name();
    Optional<SyncRecord> old = current.sync(name);
    stageRevision(d, old, d.text(), d.spec().historyLimit())
        .ifPresent(
            history -> {
              SyncRecord staged =
                  old.map(s -> s.withHistory(history))
                      .orElseGet(() -> new SyncRecord(name, history, null, 1, ""));
              next.syncs.put(name, staged);
              stagedSyncs.put(name, d);
              writes.add(RegistryRecords.write(staged));
            });
  }

  /**
   * The history of a Cast or Sync after applying {@code text}: a changed spec becomes the next
   * revision (kept up to its history limit); empty when the spec is the running revision already
   * (unchanged) or its name is taken by an integrator of the other kind.
   */
  private Optional<RevisionHistory> stageRevision(
      RegistryDocument d, Optional<? extends IntegratorRecord> old, String text, int limit) {
    String kind = d.kind().toLowerCase(Locale.ROOT);
    Optional<IntegratorRecord> other =
        Optional.<IntegratorRecord>ofNullable(next.casts.get(d.name()))
            .or(() -> Optional.ofNullable(next.syncs.get(d.name())))
            .filter(r -> !r.kind().equals(kind));
    if (other.isPresent()) {
      problems.add(
          d.source(),
          "name",
          other.get().what()
              + " exists; a "
              + kind
              + " runs as the integrator principal of its name, so it needs a name of its own");
      return Optional.empty();
    }
    Optional<RevisionHistory> history =
        old.map(IntegratorRecord::history)
            .orElseGet(() -> RevisionHistory.empty(limit))
            .applied(text, limit);
    String action = history.isEmpty() ? "unchanged" : old.isEmpty() ? "created" : "configured";
    items.add(new ApplyResult.Item(d.kind(), d.name(), action, null));
    return history;
  }

  /**
   * A cast or sync runs as the integrator principal of its name, created (with no usable token) if
   * new.
   */
  private void stageIntegratorPrincipals() {
    Set<String> names = new LinkedHashSet<>(stagedCasts.keySet());
    names.addAll(stagedSyncs.keySet());
    for (String name : names) {
      if (!next.principals.containsKey(name)) {
        Principal principal =
            new Principal(name, Role.INTEGRATOR, Tokens.sha256(Tokens.generate()));
        next.principals.put(name, principal);
        writes.add(RegistryRecords.write(principal));
        items.add(new ApplyResult.Item("Principal", name, "created", null));
      }
    }
  }

  /**
   * Checks the staged casts and syncs against the staged schemas and knactors; when schemas
   * changed, checks every other cast and sync again too, so a schema change cannot break a running
   * one.
   */
  private void compileIntegrators() {
    if (stagedCasts.isEmpty() && stagedSyncs.isEmpty() && !stagedSchemas) {
      return;
    }
    RegistryState interim = next.build();
    for (CastDocument d : stagedCasts.values()) {
      CastRecord staged = next.casts.get(d.spec().name());
      IntegratorCompiler.Checked<CompiledCast> checked =
          castCompiler.check(d.spec(), staged.current(), interim);
      checked.problems().forEach(problems::addLocated);
      if (checked.problems().isEmpty()) {
        next.casts.put(staged.name(), staged.withCompiled(checked.compiled()));
      }
    }
    for (SyncDocument d : stagedSyncs.values()) {
      SyncRecord staged = next.syncs.get(d.spec().name());
      IntegratorCompiler.Checked<SyncPlan> checked =
          syncCompiler.check(d.spec(), staged.current(), interim);
      checked.problems().forEach(problems::addLocated);
      if (checked.problems().isEmpty()) {
        next.syncs.put(staged.name(), staged.withPlan(checked.compiled()));
      }
    }
    if (stagedSchemas) {
      recheck(
          interim.casts().values(),
          stagedCasts.keySet(),
          castCompiler,
          interim,
          (cast, compiled) -> next.casts.put(cast.name(), cast.withCompiled(compiled)));
      recheck(
          interim.syncs().values(),
          stagedSyncs.keySet(),
          syncCompiler,
          interim,
          (sync, plan) -> next.syncs.put(sync.name(), sync.withPlan(plan)));
    }
  }

  /** Checks the running revision of every record not staged again, against {@code interim}. */
  private <R extends IntegratorRecord, C> void recheck(
      Collection<R> records,
      Set<String> staged,
      IntegratorCompiler<?, C> compiler,
      RegistryState interim,
      BiConsumer<R, C> recompiled) {
    for (R record : records) {
      if (staged.contains(record.name())) {
        continue;
      }
      RevisionHistory.Revision running = record.history().currentRevision();
      IntegratorCompiler.Checked<C> checked =
          compiler.compile(running.source(), record.name(), running.revision(), interim);
      for (String problem : checked.problems()) {
        problems.addLocated(
            "this change breaks "
                + record.what()
                + " (revision "
                + running.revision()
                + "): "
                + problem);
      }
      if (checked.problems().isEmpty()) {
        recompiled.accept(record, checked.compiled());
      }
    }
  }

  private void stageSchema(SchemaDocument d) {
    stagedSchemas = true;
    Optional<Schema> old = current.schema(d.schema().ref());
    next.schemas.put(d.schema().ref(), d.schema());
    record(
        d,
        old.map(s -> s.source().equals(d.schema().source())),
        RegistryRecords.write(d.schema()),
        null);
  }

  private void stageKnactor(KnactorDocument d) {
    Optional<KnactorRegistration> old = current.knactor(d.registration().store());
    next.knactors.put(d.registration().store(), d.registration());
    stagedKnactors.add(d.registration().store());
    record(
        d, old.map(k -> k.equals(d.registration())), RegistryRecords.write(d.registration()), null);
  }

  private void stagePrincipal(PrincipalDocument d) {
    Optional<Principal> old = current.principal(d.principal());
    String generated = null;
    String hash;
    if (d.token() != null) {
      hash = Tokens.sha256(d.token());
    } else if (old.isPresent()) {
      hash = old.get().tokenSha256();
    } else {
      generated = Tokens.generate();
      hash = Tokens.sha256(generated);
    }
    Principal principal = new Principal(d.principal(), d.role(), hash);
    next.principals.put(principal.name(), principal);
    record(d, old.map(p -> p.equals(principal)), RegistryRecords.write(principal), generated);
  }

  private void stageGrant(GrantDocument d) {
    Grant grant = d.grant();
    Optional<Grant> old = current.declaredGrant(grant.principal(), grant.store(), grant.kind());
    next.grants.put(grant.key(), grant);
    stagedGrants.add(grant.key());
    record(d, old.map(g -> g.equals(grant)), RegistryRecords.write(grant), null);
  }

  /** Notes the document's action; {@code same} is empty when it is new. */
  private void record(RegistryDocument d, Optional<Boolean> same, Write write, String token) {
    String action = same.isEmpty() ? "created" : same.get() ? "unchanged" : "configured";
    if (!action.equals("unchanged")) {
      writes.add(write);
    }
    items.add(new ApplyResult.Item(d.kind(), d.name(), action, token));
  }

  private void check(RegistryDocument document, RegistryState state) {
    if (document instanceof SchemaDocument d) {
      checkSchema(d, state);
    } else if (document instanceof KnactorDocument d) {
      checkKnactor(d, state);
    } else if (document instanceof PrincipalDocument d) {
      checkPrincipal(d, state);
    } else if (document instanceof GrantDocument d) {
      checkGrant(d.source(), d.grant(), state);
    } else if (document instanceof CastDocument || document instanceof SyncDocument) {
      Principal principal = state.principal(document.name()).orElseThrow();
      if (principal.role() != Role.INTEGRATOR) {
        problems.add(
            document.source(),
            "name",
            principal
                + " exists; a "
                + document.kind().toLowerCase(Locale.ROOT)
                + " runs as the integrator principal of its name, so it needs the role integrator");
      }
    }
  }

  private void checkSchema(SchemaDocument d, RegistryState state) {
    SchemaRef ref = d.schema().ref();
    for (Grant grant : state.grants()) {
      if (ref.governs(grant.store(), grant.kind())) {
        for (String field : unknownFields(grant, d.schema())) {
          problems.add(
              d.source(),
              null,
              "schema "
                  + ref
                  + " no longer declares field '"
                  + field
                  + "' granted to '"
                  + grant.principal()
                  + "' on "
                  + grant.store());
        }
      }
    }
  }

  private void checkKnactor(KnactorDocument d, RegistryState state) {
    String name = d.registration().principal();
    Optional<Principal> principal = state.principal(name);
    if (principal.isEmpty()) {
      problems.add(d.source(), "principal", "unknown principal '" + name + "'");
    } else if (principal.get().role() != Role.KNACTOR) {
      problems.add(
          d.source(),
          "principal",
          principal.get() + " cannot run a knactor: it needs the role knactor");
    }
  }

  private void checkPrincipal(PrincipalDocument d, RegistryState state) {
    Principal principal = state.principal(d.principal()).orElseThrow();
    if (Tokens.sameHash(principal.tokenSha256(), adminTokenSha256)) {
      problems.add(d.source(), "token", "this token is the server's admin token");
    }
    for (Principal other : state.principals().values()) {
      if (!other.name().equals(principal.name())
          && other.tokenSha256().equals(principal.tokenSha256())) {
        problems.add(
            d.source(), "token", "this token is already used by principal '" + other.name() + "'");
      }
    }
    // Registrations staged in this request report their own problems; these are the older ones.
    Optional<StoreRef> runs =
        state.storesOf(principal.name()).stream()
            .filter(store -> !stagedKnactors.contains(store))
            .findFirst();
    if (principal.role() != Role.KNACTOR && runs.isPresent()) {
      problems.add(
          d.source(),
          "role",
          "principal '"
              + principal.name()
              + "' runs knactor "
              + runs.get()
              + " and must keep the role knactor");
    }
    if (principal.role() != Role.INTEGRATOR
        && state.grants().stream()
            .anyMatch(
                g -> g.principal().equals(principal.name()) && !stagedGrants.contains(g.key()))) {
      problems.add(
          d.source(),
          "role",
          "principal '" + principal.name() + "' holds grants and must keep the role integrator");
    }
  }

  private void checkGrant(RegistryDocument.Source source, Grant grant, RegistryState state) {
    String principalKey = "principal";
    Optional<Principal> principal = state.principal(grant.principal());
    if (principal.isEmpty()) {
      problems.add(source, principalKey, "unknown principal '" + grant.principal() + "'");
    } else if (principal.get().role() != Role.INTEGRATOR) {
      problems.add(
          source,
          principalKey,
          principal.get() + " cannot hold grants: grants are for the role integrator");
    }
    if (state.knactor(grant.store()).isEmpty()) {
      problems.add(
          source,
          "store",
          "unknown store '" + grant.store() + "': no knactor is registered for it");
      return;
    }
    SchemaRef ref = grant.store().schemaOf(grant.kind());
    Optional<Schema> schema = state.schema(ref);
    if (schema.isEmpty()) {
      problems.add(
          source,
          "objectKind",
          "unknown kind '" + grant.kind() + "' in store '" + grant.store() + "': no schema " + ref);
      return;
    }
    for (String field : unknownFields(grant, schema.get())) {
      problems.add(source, "fields", "unknown field '" + field + "' in schema " + ref);
    }
  }

  private static List<String> unknownFields(Grant grant, Schema schema) {
    List<String> unknown = new ArrayList<>();
    for (String field : grant.fields()) {
      if (!field.equals(Grant.ALL_FIELDS)
          && !field.equals(LABELS_FIELD)
          && schema.typeAt(field).isEmpty()) {
        unknown.add(field);
      }
    }
    return unknown;
  }
}
