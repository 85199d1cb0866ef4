package io.knactor.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.CheckResult;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.SpecException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the registry is kept in the exchange itself, in the reserved store {@link #SYSTEM_STORE}: one
 * object per schema ({@code Schema}), knactor ({@code Knactor}), principal ({@code Principal},
 * holding only the token's SHA-256) and grant ({@code Grant}). Keeping it there makes it as durable
 * as the objects on every backend.
 */
final class RegistryRecords {
  static final StoreRef SYSTEM_STORE = StoreRef.parse("Knactor/v1/System/registry");

  private RegistryRecords() {}

  static Write write(Schema schema) {
    ObjectNode data = Json.object();
    data.put("schema", schema.ref().toString());
    data.put("source", schema.source());
    return Write.upsert(key("Schema", schema.ref().toString().replace('/', '.')), data);
  }

  static Write write(KnactorRegistration knactor) {
    ObjectNode data = Json.object();
    data.put("store", knactor.store().toString());
    data.put("principal", knactor.principal());
    return Write.upsert(key("Knactor", knactor.store().toString().replace('/', '.')), data);
  }

  static Write write(Principal principal) {
    ObjectNode data = Json.object();
    data.put("name", principal.name());
    data.put("role", principal.role().wireName());
    data.put("tokenSha256", principal.tokenSha256());
    return Write.upsert(key("Principal", principal.name()), data);
  }

  static Write write(Grant grant) {
    ObjectNode data = Json.object();
    data.put("principal", grant.principal());
    data.put("store", grant.store().toString());
    data.put("kind", grant.kind());
    ArrayNode fields = data.putArray("fields");
    grant.fields().forEach(fields::add);
    ArrayNode verbs = data.putArray("verbs");
    grant.verbs().stream().sorted().forEach(v -> verbs.add(v.wireName()));
    String id = Tokens.sha256(grant.principal() + "|" + grant.store() + "|" + grant.kind());
    return Write.upsert(key("Grant", "g-" + id.substring(0, 40)), data);
  }

  static Write write(CastRecord cast) {
    return Write.upsert(key("Cast", cast.name()), cast.revisionsJson());
  }

  private static CastRecord cast(ObjectNode data, CastCompiler compiler, RegistryState state) {
    List<CastRecord.Revision> revisions = new ArrayList<>();
    for (JsonNode r : data.path("revisions")) {
      revisions.add(
          new CastRecord.Revision(
              r.path("revision").asLong(),
              r.path("source").asText(),
              Instant.parse(r.path("appliedAt").asText()),
              r.path("cause").asText()));
    }
    CastRecord record =
        new CastRecord(
            data.path("name").asText(),
            data.path("current").asLong(),
            data.path("historyLimit").asInt(),
            revisions,
            null,
            "");
    CastRecord.Revision current = record.currentRevision();
    try {
      CastSpec spec = CastSpecParser.parse(current.source(), record.name() + ".cast.yaml");
      CheckResult result = compiler.check(spec, current.revision(), state);
      List<String> problems = CastCompiler.problems(spec, result, state);
      if (problems.isEmpty()) {
        return record.withCompiled(result.orThrow());
      }
      return new CastRecord(
          record.name(),
          record.current(),
          record.historyLimit(),
          revisions,
          null,
          "revision " + current.revision() + " no longer checks: " + String.join("; ", problems));
    } catch (SpecException e) {
      return new CastRecord(
          record.name(), record.current(), record.historyLimit(), revisions, null, e.getMessage());
    }
  }

  private static ObjectKey key(String kind, String name) {
    return new ObjectKey(SYSTEM_STORE, kind, name);
  }

  /**
   * Reads the registry back from the exchange.
   *
   * @throws KnactorException when a stored record cannot be read, naming it
   */
  static RegistryState load(ObjectExchange exchange, CastCompiler compiler) {
    Map<SchemaRef, Schema> schemas = new HashMap<>();
    Map<StoreRef, KnactorRegistration> knactors = new HashMap<>();
    Map<String, Principal> principals = new HashMap<>();
    Map<Grant.Key, Grant> grants = new HashMap<>();
    List<StoredObject> casts = new ArrayList<>();
    for (StoredObject object : exchange.list(ListRequest.all(SYSTEM_STORE)).items()) {
      ObjectNode data = object.data();
      try {
        switch (object.kind()) {
          case "Schema" -> {
            Schema schema = SchemaParser.parse(data.path("source").asText());
            schemas.put(schema.ref(), schema);
          }
          case "Knactor" -> {
            KnactorRegistration knactor =
                new KnactorRegistration(
                    StoreRef.parse(data.path("store").asText()), data.path("principal").asText());
            knactors.put(knactor.store(), knactor);
          }
          case "Principal" ->
              principals.put(
                  data.path("name").asText(),
                  new Principal(
                      data.path("name").asText(),
                      Role.parse(data.path("role").asText()).orElseThrow(),
                      data.path("tokenSha256").asText()));
          case "Grant" -> {
            Set<Verb> verbs = EnumSet.noneOf(Verb.class);
            data.path("verbs").forEach(v -> verbs.add(Verb.parse(v.asText()).orElseThrow()));
            Grant grant =
                new Grant(
                    data.path("principal").asText(),
                    StoreRef.parse(data.path("store").asText()),
                    data.path("kind").asText(),
                    strings(data.path("fields")),
                    verbs);
            grants.put(grant.key(), grant);
          }
          case "Cast" -> casts.add(object);
          default -> throw new IllegalStateException("unknown record kind " + object.kind());
        }
      } catch (RuntimeException e) {
        throw new KnactorException(
            "unreadable registry record " + object.key() + ": " + e.getMessage(), e);
      }
    }
    // Casts compile against the schemas and knactors loaded above.
    RegistryState withoutCasts = new RegistryState(schemas, knactors, principals, grants, Map.of());
    Map<String, CastRecord> loaded = new HashMap<>();
    for (StoredObject object : casts) {
      try {
        CastRecord cast = cast(object.data(), compiler, withoutCasts);
        loaded.put(cast.name(), cast);
      } catch (RuntimeException e) {
        throw new KnactorException(
            "unreadable registry record " + object.key() + ": " + e.getMessage(), e);
      }
    }
    return new RegistryState(schemas, knactors, principals, grants, loaded);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
