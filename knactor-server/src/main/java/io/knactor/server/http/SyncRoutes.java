package io.knactor.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.server.access.AccessPolicy;
import io.knactor.server.registry.Registry;
import io.knactor.server.registry.SyncRecord;
import io.knactor.server.sync.SyncHost;
import io.knactor.sync.runtime.Move;
import io.knactor.sync.runtime.PartitionStatus;
import io.knactor.sync.runtime.RuntimeStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The Sync routes: status and revision history of applied syncs (admin and viewer); rollback,
 * scaling and partition assignment (admin). Syncs are applied with {@code POST /api/v1/apply}.
 */
final class SyncRoutes extends IntegratorRoutes<SyncRecord> {
  private static final int BODY_LIMIT = 4 * 1024;

  private final Registry registry;
  private final SyncHost host;

  SyncRoutes(Registry registry, AccessPolicy policy, SyncHost host) {
    super(policy, "sync");
    this.registry = registry;
    this.host = host;
  }

  @Override
  Collection<SyncRecord> all() {
    return registry.state().syncs().values();
  }

  @Override
  SyncRecord find(String name) {
    return registry.sync(name);
  }

  @Override
  SyncRecord delete(String name, String principal) {
    return registry.deleteSync(name, principal);
  }

  @Override
  SyncRecord rollback(String name, Long toRevision, String principal) {
    return registry.rollbackSync(name, toRevision, principal);
  }

  /** {@code {"parallelism": N}}: answers the sync's status once the instances run. */
  int scale(ApiRequest request, String name) {
    policy.requireAdmin(request.principal(), "scale a sync");
    ObjectNode body = request.jsonBody(BODY_LIMIT);
    onlyKeys(body, List.of("parallelism"));
    registry.scaleSync(name, wholeNumber(body, "parallelism"), request.principal().name());
    return request.respond(200, status(registry.sync(name)));
  }

  /**
   * {@code {"partition": P, "instance": I}}, with {@code "source": STORE} for a sync reading
   * several sources: answers the move ({@code from} -1 when the partition had no owner) and the
   * sync's status.
   */
  int assign(ApiRequest request, String name) {
    policy.requireAdmin(request.principal(), "assign a partition of a sync");
    ObjectNode body = request.jsonBody(BODY_LIMIT);
    onlyKeys(body, List.of("partition", "instance", "source"));
    int partition = wholeNumber(body, "partition");
    int instance = wholeNumber(body, "instance");
    StoreRef source = null;
    if (body.hasNonNull("source")) {
      if (!body.get("source").isTextual()) {
        throw new InvalidInputException("source must be a store name", "source");
      }
      source = StoreRef.parse(body.get("source").asText());
    }
    Move move = host.assign(registry.sync(name).name(), source, partition, instance);
    ObjectNode answer = Json.object();
    answer.put("moved", move != null);
    if (move != null) {
      answer.put("from", move.from());
      answer.put("to", move.to());
    }
    answer.set("status", status(registry.sync(name)));
    return request.respond(200, answer);
  }

  @Override
  ObjectNode status(SyncRecord sync) {
    Optional<RuntimeStatus> running = host.status(sync.name());
    ObjectNode body = Json.object();
    body.put("name", sync.name());
    body.put("revision", sync.current());
    body.put("runningRevision", running.map(RuntimeStatus::revision).orElse(0L));
    body.put("phase", running.isPresent() ? "running" : "not running");
    body.put("parallelism", sync.parallelism());
    String problem = sync.problem().isEmpty() ? host.startFailure(sync.name()) : sync.problem();
    body.put("problem", problem);
    ArrayNode partitions = body.putArray("partitions");
    running.ifPresent(
        status -> {
          body.put("lag", status.lag());
          body.put("fenced", status.fenced());
          body.put("moves", status.moves().size());
          body.put("failures", status.failures());
          body.put("lastFailure", status.lastFailure() == null ? "" : status.lastFailure());
          for (PartitionStatus p : status.partitions()) {
            ObjectNode node = partitions.addObject();
            node.put("store", p.task().source().store().toString());
            node.put("kind", p.task().source().kind());
            node.put("partition", p.task().partition());
            node.put("owner", p.owner());
            node.put("committedOffset", p.committedOffset());
            node.put("endOffset", p.endOffset());
            node.put("lag", p.lag());
            node.put("records", p.records());
            node.put("emitted", p.emitted());
          }
        });
    return body;
  }

  private static void onlyKeys(ObjectNode body, List<String> allowed) {
    body.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                throw new InvalidInputException(
                    "unknown field '" + key + "' (expected " + String.join(", ", allowed) + ")",
                    key);
              }
            });
  }

  private static int wholeNumber(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidInputException("missing field '" + field + "'", field);
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new InvalidInputException(field + " must be a whole number, got " + value, field);
    }
    return value.intValue();
  }
}
