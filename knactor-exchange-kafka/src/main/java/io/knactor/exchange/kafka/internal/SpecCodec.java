package io.knactor.exchange.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.Retention;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** A log store's spec as the JSON value of its record in the stores topic. */
public final class SpecCodec {
  private SpecCodec() {}

  public static byte[] encode(LogStoreSpec spec) {
    ObjectNode node = Json.object().put("kind", spec.kind()).put("partitions", spec.partitions());
    Retention retention = spec.retention();
    if (retention.maxAge() != null) {
      node.put("maxAgeMillis", retention.maxAge().toMillis());
    }
    if (retention.maxBytes() != null) {
      node.put("maxBytes", retention.maxBytes());
    }
    retention.consumedBy().forEach(node.putArray("consumedBy")::add);
    return Json.write(node);
  }

  public static LogStoreSpec decode(StoreRef store, byte[] bytes) {
    ObjectNode node = Json.parseObject(bytes, "log store spec of " + store);
    Duration maxAge =
        node.has("maxAgeMillis") ? Duration.ofMillis(node.get("maxAgeMillis").asLong()) : null;
    Long maxBytes = node.has("maxBytes") ? node.get("maxBytes").asLong() : null;
    Set<String> consumedBy = new TreeSet<>();
    if (node.has("consumedBy")) {
      for (JsonNode reader : node.get("consumedBy")) {
        consumedBy.add(reader.asText());
      }
    }
    return new LogStoreSpec(
        store,
        node.get("kind").asText(),
        node.get("partitions").asInt(),
        new Retention(maxAge, maxBytes, consumedBy));
  }
}
