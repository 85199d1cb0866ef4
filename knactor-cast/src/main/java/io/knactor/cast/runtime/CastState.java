package io.knactor.cast.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state a cast keeps in its own store, {@code Knactor/v1/Cast/<name>}, as one object {@code
 * CastState/state}:
 *
 * <pre>
 * {"revision": 3, "position": 1742,
 *  "failures": {"o-17:C.order.shippingCost": {"key": "o-17", "field": "C.order.shippingCost",
 *                                             "message": "...", "revision": 3}}}
 * </pre>
 *
 * Every batch of target writes carries a merge patch of this object with the position it consumed,
 * so the writes and the position commit atomically. Its history is the cast's own log: when each
 * failure appeared and cleared.
 *
 * @param revision the spec revision every key was last evaluated with (a resync completed)
 * @param position the exchange version up to which every change was consumed
 * @param failures by {@link KeyFailure#id()}
 */
public record CastState(long revision, long position, Map<String, KeyFailure> failures) {
  public static final String KIND = "CastState";
  public static final String NAME = "state";

  /**
   * {@link #storeOf} by name: the server asks for every read and write of every principal, and
   * building a StoreRef checks its four names against their patterns. Bounded.
   */
  private static final Map<String, StoreRef> STORES = new ConcurrentHashMap<>();

  private static final int MAX_REMEMBERED_STORES = 1_024;

  public CastState {
    failures = Map.copyOf(failures);
  }

  /** The store holding the state of cast {@code name}: {@code Knactor/v1/Cast/<name>}. */
  public static StoreRef storeOf(String name) {
    StoreRef known = STORES.get(name);
    if (known != null) {
      return known;
    }
    StoreRef store = new StoreRef("Knactor", "v1", "Cast", name);
    if (STORES.size() < MAX_REMEMBERED_STORES) {
      STORES.put(name, store);
    }
    return store;
  }

  public static ObjectKey keyOf(String name) {
    return new ObjectKey(storeOf(name), KIND, NAME);
  }

  /** The stored state of cast {@code name}, or empty before its first resync completed. */
  public static Optional<CastState> load(ObjectExchange exchange, String name) {
    return exchange.get(keyOf(name)).map(o -> decode(o.data()));
  }

  static CastState decode(ObjectNode data) {
    Map<String, KeyFailure> failures = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = data.path("failures").fields();
    while (it.hasNext()) {
      JsonNode f = it.next().getValue();
      KeyFailure failure =
          new KeyFailure(
              f.path("key").asText(),
              f.path("field").asText(),
              f.path("message").asText(),
              f.path("revision").asLong());
      failures.put(failure.id(), failure);
    }
    return new CastState(data.path("revision").asLong(), data.path("position").asLong(), failures);
  }

  /**
   * The merge patch taking the stored state from {@code before} to this state: the position and
   * revision always, the failures that changed.
   */
  Write writeFrom(String name, Map<String, KeyFailure> before) {
    ObjectNode patch = Json.object();
    patch.put("revision", revision);
    patch.put("position", position);
    ObjectNode changed = Json.object();
    before.keySet().stream().filter(id -> !failures.containsKey(id)).forEach(changed::putNull);
    failures.forEach(
        (id, f) -> {
          if (!Objects.equals(before.get(id), f)) {
            ObjectNode node = changed.putObject(id);
            node.put("key", f.key());
            node.put("field", f.field());
            node.put("message", f.message());
            node.put("revision", f.revision());
          }
        });
    if (!changed.isEmpty()) {
      patch.set("failures", changed);
    }
    return Write.patchOrCreate(keyOf(name), patch);
  }
}
