package io.knactor.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.Names;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.sdk.http.BatchCodec;
import io.knactor.sdk.http.ObjectCodec;
import io.knactor.sdk.http.WireFields;
import io.knactor.server.registry.Principal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The object routes: CRUD, list, watch and history under {@code /api/v1/stores/{store}/objects},
 * plus {@code /api/v1/batch}, {@code /api/v1/watch} and {@code /api/v1/version}. Every call goes
 * through the principal's {@link io.knactor.server.access.SecuredObjectExchange}.
 */
final class ObjectRoutes {
  /** The body limit of object routes: one document at its size limit plus the envelope. */
  static final int OBJECT_BODY_LIMIT = DocumentLimits.MAX_BYTES + 64 * 1024;

  /** The body limit of a batch. */
  static final int BATCH_BODY_LIMIT = 8 * DocumentLimits.MAX_BYTES + 64 * 1024;

  private static final int MAX_UPSERT_ATTEMPTS = 16;

  private final Function<Principal, ObjectExchange> connect;
  private final WatchStream watchStream;

  ObjectRoutes(Function<Principal, ObjectExchange> connect, WatchStream watchStream) {
    this.connect = connect;
    this.watchStream = watchStream;
  }

  private ObjectExchange exchange(ApiRequest request) {
    return connect.apply(request.principal());
  }

  int list(ApiRequest request, Target target) {
    if (isWatch(request)) {
      return watch(request, Set.of(target.store()), target.kind());
    }
    ListRequest list =
        new ListRequest(target.store(), target.kind(), selector(request.query("labelSelector")));
    return request.respond(200, ObjectCodec.encodeList(exchange(request).list(list)));
  }

  int get(ApiRequest request, Target target) {
    ObjectKey key = target.key();
    StoredObject object =
        exchange(request)
            .get(key)
            .orElseThrow(
                () -> new NotFoundException("object " + key + " not found", "metadata.name"));
    return request.respond(200, ObjectCodec.encode(object));
  }

  int create(ApiRequest request, Target target) {
    ObjectForm.Parsed parsed = ObjectForm.parse(request.jsonBody(OBJECT_BODY_LIMIT), target);
    if (parsed.form().resourceVersion() > 0) {
      throw new InvalidInputException(
          "metadata.resourceVersion must not be set on an object to create",
          "metadata.resourceVersion");
    }
    Write write = Write.create(parsed.key(), parsed.form().data()).withLabels(labels(parsed));
    return request.respond(201, ObjectCodec.encode(commit(request, write)));
  }

  int replace(ApiRequest request, Target target) {
    ObjectForm.Parsed parsed = ObjectForm.parse(request.jsonBody(OBJECT_BODY_LIMIT), target);
    ObjectKey key = parsed.key();
    ObjectNode data = parsed.form().data();
    Map<String, String> labels = labels(parsed);
    if (parsed.form().resourceVersion() > 0) {
      Write write = Write.replace(key, parsed.form().resourceVersion(), data).withLabels(labels);
      return request.respond(200, ObjectCodec.encode(commit(request, write)));
    }
    // An upsert that still tells the caller whether it created (201) or replaced (200).
    for (int attempt = 0; ; attempt++) {
      try {
        Write write = Write.replace(key, Write.ANY_VERSION, data).withLabels(labels);
        return request.respond(200, ObjectCodec.encode(commit(request, write)));
      } catch (NotFoundException absent) {
        if (isAccessRefusal(absent)) {
          throw absent;
        }
      }
      try {
        return request.respond(
            201, ObjectCodec.encode(commit(request, Write.create(key, data).withLabels(labels))));
      } catch (ConflictException createdMeanwhile) {
        if (attempt >= MAX_UPSERT_ATTEMPTS) {
          throw createdMeanwhile;
        }
      }
    }
  }

  int patch(ApiRequest request, Target target) {
    String type = request.header("Content-Type");
    String mediaType = type == null ? "" : type.split(";")[0].strip();
    if (!mediaType.equals("application/merge-patch+json")
        && !mediaType.equals("application/json")) {
      throw new InvalidInputException(
          "unsupported Content-Type '"
              + (type == null ? "" : type)
              + "' for PATCH: send an RFC 7386 merge patch as application/merge-patch+json",
          "Content-Type");
    }
    ObjectNode body = request.jsonBody(OBJECT_BODY_LIMIT);
    ObjectForm.onlyKnown(body, Set.of("apiVersion", "kind", "metadata", "data"), "");
    ObjectNode dataPatch = WireFields.object(body, "data", "", false);
    ObjectNode metadata = WireFields.object(body, "metadata", "", false);
    ObjectNode labelsPatch = null;
    long version = request.versionParameter("resourceVersion");
    if (metadata != null) {
      ObjectForm.onlyKnown(metadata, Set.of("labels", "resourceVersion"), "metadata");
      labelsPatch = WireFields.object(metadata, "labels", "metadata", false);
      if (labelsPatch != null) {
        labelsPatch
            .fields()
            .forEachRemaining(
                e -> {
                  if (!e.getValue().isNull() && !e.getValue().isTextual()) {
                    throw WireFields.wrongType(
                        "metadata.labels." + e.getKey(), "a string or null", e.getValue());
                  }
                });
      }
      long bodyVersion = WireFields.version(metadata, "resourceVersion", "metadata");
      version = version > 0 ? version : bodyVersion;
    }
    ObjectKey key = target.key();
    ObjectNode patch = dataPatch == null ? Json.object() : dataPatch;
    if (labelsPatch == null) {
      Write write = Write.patch(key, Math.max(version, Write.ANY_VERSION), patch);
      return request.respond(200, ObjectCodec.encode(commit(request, write)));
    }
    for (int attempt = 0; ; attempt++) {
      StoredObject current =
          exchange(request)
              .get(key)
              .orElseThrow(
                  () -> new NotFoundException("object " + key + " not found", "metadata.name"));
      ObjectNode labelObject = Json.object();
      current.labels().forEach(labelObject::put);
      Map<String, String> labels = new LinkedHashMap<>();
      JsonMergePatch.apply(labelObject, labelsPatch)
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      long expected = version > 0 ? version : current.resourceVersion();
      try {
        Write write = Write.patch(key, expected, patch).withLabels(labels);
        return request.respond(200, ObjectCodec.encode(commit(request, write)));
      } catch (ConflictException e) {
        if (version > 0 || attempt >= MAX_UPSERT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  int delete(ApiRequest request, Target target) {
    long version = request.versionParameter("resourceVersion");
    Write write = Write.delete(target.key(), Math.max(version, Write.ANY_VERSION));
    return request.respond(200, ObjectCodec.encode(commit(request, write)));
  }

  int history(ApiRequest request, Target target) {
    return request.respond(200, ObjectCodec.encodeHistory(exchange(request).history(target.key())));
  }

  int batch(ApiRequest request) {
    ObjectNode body = request.jsonBody(BATCH_BODY_LIMIT);
    var writes = BatchCodec.decode(body);
    String claimed = BatchCodec.principal(body);
    var batch = new WriteBatch(claimed != null ? claimed : request.principal().name(), writes);
    return request.respond(200, BatchCodec.encodeResult(exchange(request).commit(batch)));
  }

  int version(ApiRequest request) {
    ObjectNode body = Json.object();
    body.put("resourceVersion", Long.toString(exchange(request).currentVersion()));
    return request.respond(200, body);
  }

  /** {@code GET /api/v1/watch?stores=a,b&kind=K&resourceVersion=N}: several stores, or all. */
  int watchStores(ApiRequest request) {
    Set<StoreRef> stores = new LinkedHashSet<>();
    String list = request.query("stores");
    if (list != null && !list.isBlank()) {
      for (String store : list.split(",")) {
        stores.add(StoreRef.parse(store.strip()));
      }
    }
    String kind = request.query("kind");
    if (kind != null && !kind.isEmpty()) {
      Names.require(Names.KIND, kind, "kind");
    }
    return watch(request, stores, kind == null || kind.isEmpty() ? null : kind);
  }

  private int watch(ApiRequest request, Set<StoreRef> stores, String kind) {
    if (request.query("labelSelector") != null) {
      throw new InvalidInputException(
          "labelSelector is not supported with watch; filter the events instead", "labelSelector");
    }
    ObjectExchange exchange = exchange(request);
    long from = request.versionParameter("resourceVersion");
    if (from < 0) {
      from = exchange.currentVersion();
    }
    Watch watch =
        exchange.watch(new WatchRequest(stores, kind, from, WatchRequest.DEFAULT_QUEUE_CAPACITY));
    return watchStream.serve(request, watch, from);
  }

  private StoredObject commit(ApiRequest request, Write write) {
    return exchange(request).commit(request.principal().name(), write);
  }

  private static Map<String, String> labels(ObjectForm.Parsed parsed) {
    return parsed.form().labels() == null ? Map.of() : parsed.form().labels();
  }

  /** A 404 about the store or kind rather than the object. */
  private static boolean isAccessRefusal(NotFoundException e) {
    return "store".equals(e.field()) || "kind".equals(e.field());
  }

  private static boolean isWatch(ApiRequest request) {
    String watch = request.query("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** Parses {@code k=v,k2=v2}. */
  static Map<String, String> selector(String text) {
    Map<String, String> out = new HashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String term : text.split(",")) {
      String[] parts = term.split("==?", 2);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new InvalidInputException(
            "invalid labelSelector term '" + term + "': expected key=value", "labelSelector");
      }
      out.put(parts[0].strip(), parts[1].strip());
    }
    return out;
  }
}
