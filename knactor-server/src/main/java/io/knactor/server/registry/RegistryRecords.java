package io.knactor.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.error.KnactorException;
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
import io.knactor.sync.plan.SyncPlan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the registry is kept in the exchange itself, in the reserved store {@link #SYSTEM_STORE}: one
 * object per schema ({@code Schema}), knactor ({@code Knactor}), principal ({@code Principal},
 * holding only the token's SHA-256), grant ({@code Grant}), cast ({@code Cast}: its revisions) and
 * sync ({@code Sync}: its revisions and parallelism). Keeping it there makes it as durable as the
 * objects on every backend.
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

  static Write write(SyncRecord sync) {
    ObjectNode data = sync.revisionsJson();
    data.put("parallelism", sync.parallelism());
    return Write.upsert(key("Sync", sync.name()), data);
  }

  /** Deletes the stored record of a Cast or Sync. */
  static Write delete(IntegratorRecord record) {
    String kind = record instanceof CastRecord ? "Cast" : "Sync";
    return Write.delete(key(kind, record.name()), Write.ANY_VERSION);
  }

  /** A stored Cast or Sync: its history, and its running revision compiled or why it is not. */
  private record Loaded<C>(String name, RevisionHistory history, C compiled, String problem) {
    static <C> Loaded<C> of(
        ObjectNode data, IntegratorCompiler<?, C> compiler, RegistryState state) {
      String name = data.path("name").asText();
      RevisionHistory history = RevisionHistory.readFrom(data);
      RevisionHistory.Revision current = history.currentRevision();
      IntegratorCompiler.Checked<C> checked =
          compiler.compile(current.source(), name, current.revision(), state);
      String problem =
          checked.problems().isEmpty()
              ? ""
              : "revision "
                  + current.revision()
                  + " no longer checks: "
                  + String.join("; ", checked.problems());
      return new Loaded<>(name, history, checked.compiled(), problem);
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
  static RegistryState load(ObjectExchange exchange, CastCompiler casts, SyncCompiler syncs) {
    Map<SchemaRef, Schema> schemas = new HashMap<>();
    Map<StoreRef, KnactorRegistration> knactors = new HashMap<>();
    Map<String, Principal> principals = new HashMap<>();
    Map<Grant.Key, Grant> grants = new HashMap<>();
    List<StoredObject> integrators = new ArrayList<>();
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
          case "Cast", "Sync" -> integrators.add(object);
          default -> throw new IllegalStateException("unknown record kind " + object.kind());
        }
      } catch (RuntimeException e) {
        throw new KnactorException(
            "unreadable registry record " + object.key() + ": " + e.getMessage(), e);
      }
    }
    // Casts and syncs compile against the schemas and knactors loaded above.
    RegistryState registrations =
        new RegistryState(schemas, knactors, principals, grants, Map.of(), Map.of());
    Map<String, CastRecord> loadedCasts = new HashMap<>();
    Map<String, SyncRecord> loadedSyncs = new HashMap<>();
    for (StoredObject object : integrators) {
      try {
        if (object.kind().equals("Cast")) {
          Loaded<CompiledCast> c = Loaded.of(object.data(), casts, registrations);
          loadedCasts.put(
              c.name(), new CastRecord(c.name(), c.history(), c.compiled(), c.problem()));
        } else {
          Loaded<SyncPlan> s = Loaded.of(object.data(), syncs, registrations);
          loadedSyncs.put(
              s.name(),
              new SyncRecord(
                  s.name(),
                  s.history(),
                  s.compiled(),
                  object.data().path("parallelism").asInt(1),
                  s.problem()));
        }
      } catch (RuntimeException e) {
        throw new KnactorException(
            "unreadable registry record " + object.key() + ": " + e.getMessage(), e);
      }
    }
    return new RegistryState(schemas, knactors, principals, grants, loadedCasts, loadedSyncs);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
