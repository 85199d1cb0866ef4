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
import java.util.Collection;

/**
 * The Cast routes: status and revision history of applied casts and the custom functions specs may
 * call (admin and viewer), and rollback (admin). Casts are applied with {@code POST /api/v1/apply}.
 */
final class CastRoutes extends IntegratorRoutes<CastRecord> {
  private final Registry registry;
  private final CastHost host;

  CastRoutes(Registry registry, AccessPolicy policy, CastHost host) {
    super(policy, "cast");
    this.registry = registry;
    this.host = host;
  }

  @Override
  Collection<CastRecord> all() {
    return registry.state().casts().values();
  }

  @Override
  CastRecord find(String name) {
    return registry.cast(name);
  }

  @Override
  CastRecord delete(String name, String principal) {
    return registry.deleteCast(name, principal);
  }

  @Override
  CastRecord rollback(String name, Long toRevision, String principal) {
    return registry.rollback(name, toRevision, principal);
  }

  /** The signatures of the custom functions Cast specs may call on this server. */
  int functions(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray("items");
    registry.functions().functions().forEach(f -> items.add(f.signature().toString()));
    return request.respond(200, body);
  }

  @Override
  ObjectNode status(CastRecord cast) {
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
}
