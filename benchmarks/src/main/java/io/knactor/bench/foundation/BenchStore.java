package io.knactor.bench.foundation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;

/**
 * The store every scenario writes to, and the small document it writes: a knactor's typical state
 * object (about 120 bytes of JSON), carrying the writer's clock so a watcher can time its arrival.
 */
final class BenchStore {
  static final StoreRef STORE = StoreRef.parse("Bench/v1/Bench/knactor-bench");
  static final String KIND = "Item";
  static final String PRINCIPAL = "bench";

  /** The store's schema, its knactor and principal, for the server's registry. */
  static String registryYaml(String token) {
    return """
        schema: Bench/v1/Bench/Item
        seq: integer
        writer: integer
        sentNanos: integer
        status: string
        ---
        kind: Principal
        name: bench
        role: knactor
        token: %s
        ---
        kind: Knactor
        name: Bench/v1/Bench/knactor-bench
        principal: bench
        """
        .formatted(token);
  }

  private BenchStore() {}

  static ObjectKey key(String name) {
    return new ObjectKey(STORE, KIND, name);
  }

  /** An upsert of object {@code name} stamped with {@code sentNanos} ({@link System#nanoTime}). */
  static Write upsert(String name, int writer, long seq, long sentNanos) {
    ObjectNode data = Json.object();
    data.put("seq", seq);
    data.put("writer", writer);
    data.put("sentNanos", sentNanos);
    data.put("status", "reconciled by the benchmark writer");
    return Write.upsert(key(name), data);
  }

  static long sentNanos(ObjectNode data) {
    return data.path("sentNanos").asLong();
  }

  static long seq(ObjectNode data) {
    return data.path("seq").asLong();
  }
}
