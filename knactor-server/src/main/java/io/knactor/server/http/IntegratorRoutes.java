package io.knactor.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.registry.IntegratorRecord;
import java.util.Collection;

/**
 * The routes Casts and Syncs share: their list and status and their revision history (admin and
 * viewer), rollback and delete (admin). They are applied with {@code POST /api/v1/apply}.
 *
 * @param <R> the applied record
 */
abstract class IntegratorRoutes<R extends IntegratorRecord> {
  final AccessPolicy policy;
  private final String kind;

  /**
   * @param kind {@code cast} or {@code sync}, as messages name it
   */
  IntegratorRoutes(AccessPolicy policy, String kind) {
    this.policy = policy;
    this.kind = kind;
  }

  /** Every applied record, by name. */
  abstract Collection<R> all();

  /**
   * @throws io.knactor.core.error.NotFoundException when there is none of that name
   */
  abstract R find(String name);

  /** Rolls {@code name} back; see {@link io.knactor.server.registry.Registry#rollback}. */
  abstract R rollback(String name, Long toRevision, String principal);

  /** Deletes {@code name}; see {@link io.knactor.server.registry.Registry#deleteCast}. */
  abstract R delete(String name, String principal);

  /** The status {@code GET .../{name}} answers. */
  abstract ObjectNode status(R record);

  int list(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray("items");
    for (R record : all()) {
      items.add(status(record));
    }
    return request.respond(200, body);
  }

  int get(ApiRequest request, String name) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, status(find(name)));
  }

  int revisions(ApiRequest request, String name) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, find(name).revisionsJson());
  }

  int delete(ApiRequest request, String name) {
    policy.requireAdmin(request.principal(), "delete a " + kind);
    R deleted = delete(name, request.principal().name());
    ObjectNode body = Json.object();
    body.put("kind", "Status");
    body.put("code", 200);
    body.put("reason", "Deleted");
    body.put("message", deleted.what() + " deleted; what it wrote stays");
    body.putObject("details")
        .put("kind", kind)
        .put("name", deleted.name())
        .put("revision", deleted.current());
    return request.respond(200, body);
  }

  int rollback(ApiRequest request, String name) {
    policy.requireAdmin(request.principal(), "roll back a " + kind);
    R rolled = rollback(name, request.longQuery("toRevision"), request.principal().name());
    return request.respond(200, rolled.revisionsJson());
  }
}
