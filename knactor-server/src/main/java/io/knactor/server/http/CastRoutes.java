package io.knactor.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.runtime.CastStatus;
import io.knactor.cast.runtime.KeyFailure;
import io.knactor.core.json.Json;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.cast.CastHost;
import io.knactor.server.registry.CastRecord;
import io.knactor.server.registry.Registry;

/**
 * The Cast routes: status and revision history of applied casts and the custom functions specs may
 * call (admin and viewer), and rollback (admin). Casts are applied with {@code POST /api/v1/apply}.
 */
final class CastRoutes {
  private final Registry registry;
  private final AccessPolicy policy;
  private final CastHost host;

  CastRoutes(Registry registry, AccessPolicy policy, CastHost host) {
    this.registry = registry;
    this.policy = policy;
    this.host = host;
  }

  int list(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray("items");
    for (CastRecord cast : registry.state().casts().values()) {
      items.add(status(cast));
    }
    return request.respond(200, body);
  }

  /** The signatures of the custom functions Cast specs may call on this server. */
  int functions(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray("items");
    registry.functions().functions().forEach(f -> items.add(f.signature().toString()));
    return request.respond(200, body);
  }

  int get(ApiRequest request, String name) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, status(registry.cast(name)));
  }

  int revisions(ApiRequest request, String name) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, revisions(registry.cast(name)));
  }

  int rollback(ApiRequest request, String name) {
    policy.requireAdmin(request.principal(), "roll back a cast");
    return request.respond(
        200,
        revisions(
            registry.rollback(name, request.longQuery("toRevision"), request.principal().name())));
  }

  private ObjectNode status(CastRecord cast) {
    CastStatus status = host.status(cast);
    ObjectNode body = Json.object();
    body.put("name", cast.name());
    body.put("revision", cast.current());
    body.put("runningRevision", status.revision());
    body.put("phase", status.phase());
    body.put("position", status.position());
    body.put("events", status.events());
    body.put("commits", status.commits());
    body.put("resyncs", status.resyncs());
    body.put("lastError", status.lastError());
    body.put("pushDown", status.pushDown());
    ArrayNode failures = body.putArray("failures");
    for (KeyFailure f : status.failures()) {
      ObjectNode node = failures.addObject();
      node.put("key", f.key());
      node.put("field", f.field());
      node.put("message", f.message());
      node.put("revision", f.revision());
    }
    return body;
  }

  private static ObjectNode revisions(CastRecord cast) {
    return cast.revisionsJson();
  }
}
