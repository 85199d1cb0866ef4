package io.knactor.server.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.runtime.CastState;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnauthorizedException;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.Schema;
import io.knactor.server.registry.Grant;
import io.knactor.server.registry.Principal;
import io.knactor.server.registry.Registry;
import io.knactor.server.registry.RegistryState;
import io.knactor.server.registry.Role;
import io.knactor.server.registry.Verb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The one place that decides who may do what (docs/api.md, Authorization). Used by the HTTP API and
 * by in-JVM connections alike, always against the registry's current snapshot, so a changed grant
 * or role takes effect on the next request.
 *
 * <ul>
 *   <li>admin: everything; may use stores nobody registered (tooling, tests); reads but never
 *       writes the system store.
 *   <li>knactor: only the stores registered to it, only kinds with a schema, never external fields.
 *   <li>integrator: only granted kinds of registered stores; writes only granted fields. A Cast's
 *       integrator (the principal named like the cast) also reads and writes its own state store
 *       {@code Knactor/v1/Cast/<name>}, where the runtime keeps its position and failures.
 *   <li>viewer: no object states at all.
 * </ul>
 *
 * Unregistered stores (and the system store) are answered 404 to everyone but admin, before any
 * other check.
 */
public final class AccessPolicy {
  private final Registry registry;

  public AccessPolicy(Registry registry) {
    this.registry = registry;
  }

  /** Held by a write from its checks to its commit; see {@link Registry#writeChecks}. */
  public Lock writeChecks() {
    return registry.writeChecks();
  }

  /**
   * The principal as registered now.
   *
   * @throws UnauthorizedException when it was removed since it authenticated
   */
  public Principal refresh(Principal principal) {
    return registry
        .principal(principal.name())
        .orElseThrow(
            () ->
                new UnauthorizedException(
                    "principal '" + principal.name() + "' is no longer registered"));
  }

  /**
   * @throws ForbiddenException unless {@code principal} is admin
   */
  public void requireAdmin(Principal principal, String what) {
    if (principal.role() != Role.ADMIN) {
      throw new ForbiddenException(principal + " may not " + what + ": it needs the role admin");
    }
  }

  /**
   * @throws ForbiddenException unless {@code principal} is admin or viewer
   */
  public void requireRegistryRead(Principal principal) {
    if (principal.role() != Role.ADMIN && principal.role() != Role.VIEWER) {
      throw new ForbiddenException(
          principal + " may not read the registry: it needs the role admin or viewer");
    }
  }

  /**
   * Checks that {@code principal} may read {@code kind} (null: every kind it may read) of {@code
   * store}, and answers which kinds it may see there.
   *
   * @throws NotFoundException for an unknown store, or for a knactor, an unknown kind
   * @throws ForbiddenException when it may not read there
   */
  public Predicate<String> checkRead(Principal principal, StoreRef store, String kind) {
    RegistryState state = registry.state();
    if (ownsCastState(principal, store, state)) {
      return k -> true;
    }
    checkStore(principal, store, state);
    switch (principal.role()) {
      case ADMIN:
        return k -> true;
      case KNACTOR:
        if (kind != null) {
          requireSchema(store, kind, state);
        }
        return k -> true;
      case INTEGRATOR:
        if (kind != null) {
          requireGrant(principal, store, kind, Verb.READ, state);
          return kind::equals;
        }
        Set<String> readable =
            state.grantsOn(principal.name(), store).stream()
                .filter(g -> g.verbs().contains(Verb.READ))
                .map(Grant::kind)
                .collect(Collectors.toUnmodifiableSet());
        if (readable.isEmpty()) {
          throw new ForbiddenException(
              principal + " has no read grant on store '" + store + "'", "store");
        }
        return readable::contains;
      default:
        throw viewerForbidden(principal);
    }
  }

  /**
   * Checks that {@code principal} may write {@code kind} in {@code store}, and answers the rule
   * each write must then respect.
   *
   * @throws NotFoundException for an unknown store, or for a knactor, an unknown kind
   * @throws ForbiddenException when it may not write there
   */
  public WriteRule checkWrite(Principal principal, StoreRef store, String kind) {
    RegistryState state = registry.state();
    if (principal.role() == Role.ADMIN && store.equals(Registry.SYSTEM_STORE)) {
      throw new ForbiddenException(
          "store '"
              + store
              + "' is reserved for the registry; change it through POST /api/v1/apply",
          "store");
    }
    if (ownsCastState(principal, store, state)) {
      return new WriteRule(principal, null, false, null);
    }
    checkStore(principal, store, state);
    Optional<Schema> schema = state.schema(store.schemaOf(kind));
    switch (principal.role()) {
      case ADMIN:
        return new WriteRule(principal, schema.orElse(null), false, null);
      case KNACTOR:
        return new WriteRule(principal, requireSchema(store, kind, state), true, null);
      case INTEGRATOR:
        Grant grant = requireGrant(principal, store, kind, Verb.WRITE, state);
        return new WriteRule(principal, schema.orElse(null), false, grant);
      default:
        throw viewerForbidden(principal);
    }
  }

  /**
   * Checks that {@code principal} may append {@code values} to the log store {@code store} whose
   * records are of {@code kind}: the rules of a write of that kind (a knactor only to its own store
   * and never external fields, an integrator only granted fields), and the kind's schema when one
   * is registered. Errors name the record, e.g. {@code records[2].value.kwh}.
   *
   * @throws NotFoundException for an unknown store, or for a knactor, an unknown kind
   * @throws ForbiddenException when it may not append there, or not those fields
   * @throws InvalidInputException when a value does not match the schema
   */
  public void checkAppend(
      Principal principal, StoreRef store, String kind, List<ObjectNode> values) {
    WriteRule rule = checkWrite(principal, store, kind);
    for (int i = 0; i < values.size(); i++) {
      String at = "records[" + i + "].value";
      try {
        rule.check(
            new ObjectKey(store, kind, "record-" + i),
            Write.Op.CREATE,
            null,
            values.get(i),
            Map.of(),
            Map.of());
      } catch (ForbiddenException e) {
        throw new ForbiddenException(at + ": " + e.getMessage(), under(at, e.field()));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(at + ": " + e.getMessage(), under(at, e.field()));
      }
    }
  }

  /**
   * @throws ForbiddenException unless {@code principal} may watch every store (admin)
   */
  public void checkWatchAll(Principal principal) {
    if (principal.role() != Role.ADMIN) {
      throw new ForbiddenException(
          principal + " may not watch every store: name the stores to watch", "stores");
    }
  }

  /** True when {@code store} is the state store of the cast {@code principal} runs. */
  private static boolean ownsCastState(Principal principal, StoreRef store, RegistryState state) {
    return principal.role() == Role.INTEGRATOR
        && store.equals(CastState.storeOf(principal.name()))
        && state.cast(principal.name()).isPresent();
  }

  private static String under(String at, String field) {
    return field == null ? at : at + "." + field;
  }

  private void checkStore(Principal principal, StoreRef store, RegistryState state) {
    if (principal.role() == Role.ADMIN) {
      return;
    }
    if (store.equals(Registry.SYSTEM_STORE) || state.knactor(store).isEmpty()) {
      throw new NotFoundException("unknown store '" + store + "'", "store");
    }
    if (principal.role() == Role.KNACTOR && !state.storesOf(principal.name()).contains(store)) {
      throw new ForbiddenException(
          "knactor '"
              + principal.name()
              + "' may not access store '"
              + store
              + "': a knactor reaches only its own store",
          "store");
    }
    if (principal.role() == Role.INTEGRATOR && state.grantsOn(principal.name(), store).isEmpty()) {
      throw new ForbiddenException(principal + " has no grant on store '" + store + "'", "store");
    }
    if (principal.role() == Role.VIEWER) {
      throw viewerForbidden(principal);
    }
  }

  private static Schema requireSchema(StoreRef store, String kind, RegistryState state) {
    return state
        .schema(store.schemaOf(kind))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "unknown kind '"
                        + kind
                        + "' in store '"
                        + store
                        + "': no schema "
                        + store.schemaOf(kind)
                        + " is registered",
                    "kind"));
  }

  private static Grant requireGrant(
      Principal principal, StoreRef store, String kind, Verb verb, RegistryState state) {
    return state
        .grant(principal.name(), store, kind)
        .filter(g -> g.verbs().contains(verb))
        .orElseThrow(
            () ->
                new ForbiddenException(
                    principal
                        + " has no "
                        + verb.wireName()
                        + " grant on kind '"
                        + kind
                        + "' of store '"
                        + store
                        + "'",
                    "kind"));
  }

  private static ForbiddenException viewerForbidden(Principal principal) {
    return new ForbiddenException(
        principal + " may read schemas and registrations, never object states");
  }
}
