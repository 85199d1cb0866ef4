package io.knactor.server.registry;

import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One immutable snapshot of the registry: schemas, knactors, principals and grants, with the
 * lookups the access checks need. A new snapshot replaces the old one after each apply, so readers
 * never lock.
 */
public final class RegistryState {
  private static final RegistryState EMPTY =
      new RegistryState(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  private final Map<SchemaRef, Schema> schemas;
  private final Map<StoreRef, KnactorRegistration> knactors;
  // The same, hashed: every read and write is checked against them, and the sorted maps compare
  // by name, building both names for each step of a lookup.
  private final Map<SchemaRef, Schema> schemaIndex;
  private final Map<StoreRef, KnactorRegistration> knactorIndex;
  private final Map<String, Principal> principals;
  private final Map<Grant.Key, Grant> grants;
  private final Map<Grant.Key, Grant> effectiveGrants;
  private final Map<String, CastRecord> casts;
  private final Map<String, SyncRecord> syncs;
  private final Map<String, Principal> byTokenHash;
  private final Map<String, Set<StoreRef>> storesByPrincipal;

  RegistryState(
      Map<SchemaRef, Schema> schemas,
      Map<StoreRef, KnactorRegistration> knactors,
      Map<String, Principal> principals,
      Map<Grant.Key, Grant> grants,
      Map<String, CastRecord> casts,
      Map<String, SyncRecord> syncs) {
    this.schemas = Collections.unmodifiableMap(byName(schemas));
    this.knactors = Collections.unmodifiableMap(byName(knactors));
    this.schemaIndex = Map.copyOf(schemas);
    this.knactorIndex = Map.copyOf(knactors);
    this.principals = Collections.unmodifiableMap(new TreeMap<>(principals));
    this.grants = Map.copyOf(grants);
    this.casts = Collections.unmodifiableMap(new TreeMap<>(casts));
    this.syncs = Collections.unmodifiableMap(new TreeMap<>(syncs));
    this.effectiveGrants =
        IntegratorGrants.effective(grants, casts.values(), syncs.values(), schemas);
    Map<String, Principal> tokens = new HashMap<>();
    principals.values().forEach(p -> tokens.put(p.tokenSha256(), p));
    this.byTokenHash = Map.copyOf(tokens);
    this.storesByPrincipal =
        knactors.values().stream()
            .collect(
                Collectors.groupingBy(
                    KnactorRegistration::principal,
                    Collectors.mapping(
                        KnactorRegistration::store, Collectors.toUnmodifiableSet())));
  }

  private static <K, V> Map<K, V> byName(Map<K, V> map) {
    Map<K, V> sorted = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    sorted.putAll(map);
    return sorted;
  }

  public static RegistryState empty() {
    return EMPTY;
  }

  public Optional<Schema> schema(SchemaRef ref) {
    return Optional.ofNullable(schemaIndex.get(ref));
  }

  /** Schemas, ordered by name. */
  public Map<SchemaRef, Schema> schemas() {
    return schemas;
  }

  public Optional<KnactorRegistration> knactor(StoreRef store) {
    return Optional.ofNullable(knactorIndex.get(store));
  }

  /** Knactors, ordered by store name. */
  public Map<StoreRef, KnactorRegistration> knactors() {
    return knactors;
  }

  public Optional<Principal> principal(String name) {
    return Optional.ofNullable(principals.get(name));
  }

  /** Principals, ordered by name. */
  public Map<String, Principal> principals() {
    return principals;
  }

  public Optional<Principal> principalByTokenHash(String sha256) {
    return Optional.ofNullable(byTokenHash.get(sha256));
  }

  /** The stores registered to a knactor principal. */
  public Set<StoreRef> storesOf(String principal) {
    return storesByPrincipal.getOrDefault(principal, Set.of());
  }

  /** The grant in effect: as declared, joined with what a Cast or Sync of the principal derives. */
  public Optional<Grant> grant(String principal, StoreRef store, String kind) {
    return Optional.ofNullable(effectiveGrants.get(new Grant.Key(principal, store, kind)));
  }

  /** The grant as declared by a Grant document, without what a Cast or Sync derives. */
  public Optional<Grant> declaredGrant(String principal, StoreRef store, String kind) {
    return Optional.ofNullable(grants.get(new Grant.Key(principal, store, kind)));
  }

  /** The declared grants (what the registry stores). */
  public Map<Grant.Key, Grant> grantMap() {
    return grants;
  }

  /** The casts, ordered by name. */
  public Map<String, CastRecord> casts() {
    return casts;
  }

  public Optional<CastRecord> cast(String name) {
    return Optional.ofNullable(casts.get(name));
  }

  /** The syncs, ordered by name. */
  public Map<String, SyncRecord> syncs() {
    return syncs;
  }

  public Optional<SyncRecord> sync(String name) {
    return Optional.ofNullable(syncs.get(name));
  }

  /** The Cast or Sync named {@code name}, if any; one name is never both. */
  public Optional<IntegratorRecord> integrator(String name) {
    return cast(name).<IntegratorRecord>map(c -> c).or(() -> sync(name));
  }

  /**
   * Grants in effect (declared and derived from casts and syncs), ordered by principal, store,
   * kind.
   */
  public List<Grant> grants() {
    List<Grant> out = new ArrayList<>(effectiveGrants.values());
    out.sort(
        (a, b) ->
            (a.principal() + " " + a.store() + " " + a.kind())
                .compareTo(b.principal() + " " + b.store() + " " + b.kind()));
    return out;
  }

  /** The grants of one principal on one store, any kind. */
  public List<Grant> grantsOn(String principal, StoreRef store) {
    return effectiveGrants.values().stream()
        .filter(g -> g.principal().equals(principal) && g.store().equals(store))
        .collect(Collectors.toList());
  }

  /** A builder seeded with this snapshot, for computing the next one. */
  Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy used while an apply is planned. */
  static final class Builder {
    final Map<SchemaRef, Schema> schemas;
    final Map<StoreRef, KnactorRegistration> knactors;
    final Map<String, Principal> principals;
    final Map<Grant.Key, Grant> grants;
    final Map<String, CastRecord> casts;
    final Map<String, SyncRecord> syncs;

    Builder(RegistryState from) {
      schemas = new HashMap<>(from.schemas);
      knactors = new HashMap<>(from.knactors);
      principals = new HashMap<>(from.principals);
      grants = new HashMap<>(from.grants);
      casts = new HashMap<>(from.casts);
      syncs = new HashMap<>(from.syncs);
    }

    RegistryState build() {
      return new RegistryState(schemas, knactors, principals, grants, casts, syncs);
    }
  }
}
