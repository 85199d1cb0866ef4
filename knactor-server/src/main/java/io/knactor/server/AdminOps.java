package io.knactor.server;

import io.knactor.cast.runtime.CastStatus;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.SchemaParser;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.sdk.http.GrantInfo;
import io.knactor.sdk.http.KnactorInfo;
import io.knactor.sdk.http.PrincipalInfo;
import io.knactor.sdk.http.SchemaInfo;
import io.knactor.server.cast.CastHost;
import io.knactor.server.registry.CastRecord;
import io.knactor.server.registry.Grant;
import io.knactor.server.registry.KnactorRegistration;
import io.knactor.server.registry.Principal;
import io.knactor.server.registry.Registry;
import io.knactor.server.registry.RegistryDocument;
import io.knactor.server.registry.Role;
import io.knactor.server.registry.SyncRecord;
import io.knactor.server.registry.Tokens;
import io.knactor.server.registry.Verb;
import io.knactor.server.sync.SyncHost;
import io.knactor.sync.runtime.RuntimeStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Registers schemas, knactors, principals and grants in code, with the same checks as {@code POST
 * /api/v1/apply} (each call is one all-or-nothing apply, recorded as the principal {@code admin}).
 * Thread-safe.
 */
public final class AdminOps {
  private final Registry registry;
  private final CastHost casts;
  private final SyncHost syncs;

  AdminOps(Registry registry, CastHost casts, SyncHost syncs) {
    this.registry = registry;
    this.casts = casts;
    this.syncs = syncs;
  }

  /** Applies multi-document YAML, exactly as {@code POST /api/v1/apply}. */
  public ApplyResult apply(String yaml) {
    return registry.apply(yaml, Principal.ADMIN);
  }

  /**
   * Creates (or re-keys) a principal with a freshly generated token.
   *
   * @return the token; it is not stored and cannot be read back
   */
  public String createPrincipal(String name, Role role) {
    String token = Tokens.generate();
    createPrincipal(name, role, token);
    return token;
  }

  /** Creates or updates a principal with the given token (at least 16 characters). */
  public ApplyResult createPrincipal(String name, Role role, String token) {
    return apply(new RegistryDocument.PrincipalDocument(source(), name, role, token));
  }

  /** Registers a schema given in the schema language. */
  public ApplyResult registerSchema(String source) {
    return apply(new RegistryDocument.SchemaDocument(source(), SchemaParser.parse(source)));
  }

  /** Registers the knactor owning {@code store}, run by the knactor principal {@code principal}. */
  public ApplyResult registerKnactor(StoreRef store, String principal) {
    return apply(
        new RegistryDocument.KnactorDocument(source(), new KnactorRegistration(store, principal)));
  }

  /**
   * Grants an integrator {@code verbs} on {@code kind} of {@code store}; {@code fields} lists the
   * writable fields (dotted paths) or is {@code ["*"]}.
   */
  public ApplyResult grant(
      String principal, StoreRef store, String kind, List<String> fields, Set<Verb> verbs) {
    return apply(
        new RegistryDocument.GrantDocument(
            source(), new Grant(principal, store, kind, fields, verbs)));
  }

  public List<SchemaInfo> schemas() {
    return registry.schemas();
  }

  public SchemaInfo schema(SchemaRef ref) {
    return registry.schema(ref);
  }

  public List<KnactorInfo> knactors() {
    return registry.knactors();
  }

  public List<PrincipalInfo> principals() {
    return registry.principals();
  }

  public List<GrantInfo> grants() {
    return registry.grants();
  }

  /** The applied casts, by name. */
  public List<CastRecord> casts() {
    return List.copyOf(registry.state().casts().values());
  }

  /**
   * The status of cast {@code name} (as {@code GET /api/v1/casts/NAME} shows it), or empty when no
   * cast of that name is applied. Its {@code revision} is the one running: once it equals an
   * applied revision, no write of an earlier revision can still commit.
   */
  public Optional<CastStatus> castStatus(String name) {
    return Optional.ofNullable(registry.state().casts().get(name)).map(casts::status);
  }

  /**
   * Rolls cast {@code name} back to the kept revision {@code toRevision} (null: the one before the
   * running one), as a new revision; see {@link Registry#rollback}.
   */
  public CastRecord rollbackCast(String name, Long toRevision) {
    return registry.rollback(name, toRevision, Principal.ADMIN);
  }

  /** The applied syncs, by name. */
  public List<SyncRecord> syncs() {
    return List.copyOf(registry.state().syncs().values());
  }

  /**
   * Rolls sync {@code name} back to the kept revision {@code toRevision} (null: the one before the
   * running one), as a new revision that resumes from the offsets the running one committed; see
   * {@link Registry#rollbackSync}.
   */
  public SyncRecord rollbackSync(String name, Long toRevision) {
    return registry.rollbackSync(name, toRevision, Principal.ADMIN);
  }

  /**
   * The status of the running sync {@code name} (as {@code GET /api/v1/syncs/NAME} shows it), or
   * empty when it does not run.
   */
  public Optional<RuntimeStatus> syncStatus(String name) {
    return syncs.status(name);
  }

  private ApplyResult apply(RegistryDocument document) {
    return registry.apply(List.of(document), Principal.ADMIN);
  }

  private static RegistryDocument.Source source() {
    return RegistryDocument.Source.programmatic();
  }
}
