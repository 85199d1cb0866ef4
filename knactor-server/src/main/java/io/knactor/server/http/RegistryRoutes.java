package io.knactor.server.http;

import io.knactor.core.json.DocumentLimits;
import io.knactor.core.model.SchemaRef;
import io.knactor.sdk.http.RegistryCodec;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.registry.Registry;
import java.nio.charset.StandardCharsets;

/**
 * The registry routes: {@code POST /api/v1/apply} (admin) and the listings of schemas, knactors,
 * principals and grants (admin and viewer).
 */
final class RegistryRoutes {
  /** The body limit of an apply request. */
  static final int APPLY_BODY_LIMIT = DocumentLimits.MAX_BYTES + 64 * 1024;

  private final Registry registry;
  private final AccessPolicy policy;

  RegistryRoutes(Registry registry, AccessPolicy policy) {
    this.registry = registry;
    this.policy = policy;
  }

  int apply(ApiRequest request) {
    policy.requireAdmin(request.principal(), "apply registry documents");
    String yaml = new String(request.body(APPLY_BODY_LIMIT), StandardCharsets.UTF_8);
    return request.respond(
        200, RegistryCodec.encodeApplyResult(registry.apply(yaml, request.principal().name())));
  }

  int schemas(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, RegistryCodec.encodeSchemas(registry.schemas()));
  }

  int schema(ApiRequest request, SchemaRef ref) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, RegistryCodec.encodeSchema(registry.schema(ref)));
  }

  int knactors(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, RegistryCodec.encodeKnactors(registry.knactors()));
  }

  int principals(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, RegistryCodec.encodePrincipals(registry.principals()));
  }

  int grants(ApiRequest request) {
    policy.requireRegistryRead(request.principal());
    return request.respond(200, RegistryCodec.encodeGrants(registry.grants()));
  }
}
