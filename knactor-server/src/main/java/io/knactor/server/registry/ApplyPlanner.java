package io.knactor.server.registry;

import io.knactor.cast.check.CheckResult;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.CastSpecParser;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  private final CastCompiler compiler;
  private boolean stagedSchemas;

  private ApplyPlanner(RegistryState current, String adminTokenSha256, CastCompiler compiler) {
    this.current = current;
    this.adminTokenSha256 = adminTokenSha256;
    this.compiler = compiler;
    this.next = current.toBuilder();
  }

  /**
   * @throws io.knactor.core.error.SpecException listing every problem, naming document and line
   */
  static Plan plan(
      RegistryState current,
      List<RegistryDocument> documents,
      String adminSha256,
      CastCompiler compiler) {
    ApplyPlanner planner = new ApplyPlanner(current, adminSha256, compiler);
    for (RegistryDocument document : documents) {
      planner.stage(document);
    }
    planner.stageCastPrincipals();
    planner.problems.throwIfAny();
    planner.compileCasts();
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
    }
  }

  /**
   * A changed spec becomes the next revision (kept up to its history limit); the same spec as the
   * running revision is unchanged.
   */
  private void stageCast(CastDocument d) {
    String name = d.spec().name();
    Optional<CastRecord> old = current.cast(name);
    int limit = d.spec().historyLimit();
    if (old.isPresent()
        && old.get().currentRevision().source().equals(d.text())
        && old.get().historyLimit() == limit) {
      items.add(new ApplyResult.Item(d.kind(), name, "unchanged", null));
      return;
    }
    CastRecord base = old.orElseGet(() -> new CastRecord(name, 0, limit, List.of(), null, ""));
    CastRecord staged =
        base.withRevision(
            new CastRecord.Revision(base.latest() + 1, d.text(), Instant.now(), "applied"),
            limit,
            null);
    next.casts.put(name, staged);
    stagedCasts.put(name, d);
    writes.add(RegistryRecords.write(staged));
    items.add(new ApplyResult.Item(d.kind(), name, old.isEmpty() ? "created" : "configured", null));
  }

  /** A cast runs as the integrator principal of its name, created (with no usable token) if new. */
  private void stageCastPrincipals() {
    for (String name : stagedCasts.keySet()) {
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
   * Checks the staged casts against the staged schemas and knactors; when schemas changed, checks
   * every other cast again too, so a schema change cannot break a running cast.
   */
  private void compileCasts() {
    if (stagedCasts.isEmpty() && !stagedSchemas) {
      return;
    }
    RegistryState interim = next.build();
    for (CastDocument d : stagedCasts.values()) {
      CastRecord staged = next.casts.get(d.spec().name());
      CheckResult result = compiler.check(d.spec(), staged.current(), interim);
      List<String> found = CastCompiler.problems(d.spec(), result, interim);
      found.forEach(problems::addLocated);
      if (found.isEmpty()) {
        next.casts.put(staged.name(), staged.withCompiled(result.orThrow()));
      }
    }
    if (!stagedSchemas) {
      return;
    }
    for (CastRecord cast : interim.casts().values()) {
      if (stagedCasts.containsKey(cast.name())) {
        continue;
      }
      CastRecord.Revision running = cast.currentRevision();
      CastSpec spec = CastSpecParser.parse(running.source(), cast.name() + ".cast.yaml");
      CheckResult result = compiler.check(spec, running.revision(), interim);
      List<String> found = CastCompiler.problems(spec, result, interim);
      for (String problem : found) {
        problems.addLocated(
            "this change breaks cast '"
                + cast.name()
                + "' (revision "
                + running.revision()
                + "): "
                + problem);
      }
      if (found.isEmpty()) {
        next.casts.put(cast.name(), cast.withCompiled(result.orThrow()));
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
    } else if (document instanceof CastDocument d) {
      Principal principal = state.principal(d.spec().name()).orElseThrow();
      if (principal.role() != Role.INTEGRATOR) {
        problems.add(
            d.source(),
            "name",
            principal
                + " exists; a cast runs as the integrator principal of its name, so it needs the"
                + " role integrator");
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
