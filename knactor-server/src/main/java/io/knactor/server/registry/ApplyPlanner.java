package io.knactor.server.registry;

import io.knactor.core.exchange.Write;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Schema;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.server.registry.RegistryDocument.GrantDocument;
import io.knactor.server.registry.RegistryDocument.KnactorDocument;
import io.knactor.server.registry.RegistryDocument.PrincipalDocument;
import io.knactor.server.registry.RegistryDocument.SchemaDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  private ApplyPlanner(RegistryState current, String adminTokenSha256) {
    this.current = current;
    this.adminTokenSha256 = adminTokenSha256;
    this.next = current.toBuilder();
  }

  /**
   * @throws io.knactor.core.error.SpecException listing every problem, naming document and line
   */
  static Plan plan(RegistryState current, List<RegistryDocument> documents, String adminSha256) {
    ApplyPlanner planner = new ApplyPlanner(current, adminSha256);
    for (RegistryDocument document : documents) {
      planner.stage(document);
    }
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
    }
  }

  private void stageSchema(SchemaDocument d) {
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
    Optional<Grant> old = current.grant(grant.principal(), grant.store(), grant.kind());
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
