package io.knactor.cast.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the fields of one cast write came from, recorded as annotations on the write so an object's
 * history shows, per field, the integrator, the spec revision, the rule and the versions of the
 * objects the rule read.
 *
 * <pre>
 * cast.knactor.io/integrator: retail
 * cast.knactor.io/revision:   3
 * cast.knactor.io/fields:     {"paymentID":{"rule":"C.order.paymentID",
 *                               "sources":{"OnlineRetail/v1/Payment/knactor-payment/Payment/o-17":42}}}
 * </pre>
 *
 * @param fields by the dotted path of each written field
 */
public record Provenance(String integrator, long revision, Map<String, FieldSource> fields) {
  public static final String INTEGRATOR = "cast.knactor.io/integrator";
  public static final String REVISION = "cast.knactor.io/revision";
  public static final String FIELDS = "cast.knactor.io/fields";

  public Provenance {
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /**
   * One field's origin.
   *
   * @param rule the rule that computed it, e.g. {@code C.order.paymentID}
   * @param sources the resourceVersion of each object the rule read, by object key
   */
  public record FieldSource(String rule, Map<String, Long> sources) {
    public FieldSource {
      sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    }
  }

  /** The annotations to attach to the write. */
  public Map<String, String> toAnnotations() {
    ObjectNode json = Json.object();
    fields.forEach(
        (path, source) -> {
          ObjectNode field = json.putObject(path);
          field.put("rule", source.rule());
          ObjectNode sources = field.putObject("sources");
          source.sources().forEach(sources::put);
        });
    return Map.of(
        INTEGRATOR, integrator, REVISION, Long.toString(revision), FIELDS, Json.toString(json));
  }

  /**
   * Reads provenance back from a revision's annotations; empty when a cast did not write it.
   *
   * @throws InvalidInputException when the annotations are present but malformed
   */
  public static Optional<Provenance> fromAnnotations(Map<String, String> annotations) {
    if (!annotations.containsKey(INTEGRATOR)) {
      return Optional.empty();
    }
    long revision;
    try {
      revision = Long.parseLong(annotations.getOrDefault(REVISION, ""));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "malformed " + REVISION + " annotation: " + annotations.get(REVISION), REVISION);
    }
    Map<String, FieldSource> fields = new TreeMap<>();
    ObjectNode json = Json.parseObject(annotations.getOrDefault(FIELDS, "{}"), FIELDS);
    Iterator<Map.Entry<String, JsonNode>> members = json.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      Map<String, Long> sources = new TreeMap<>();
      member
          .getValue()
          .path("sources")
          .fields()
          .forEachRemaining(s -> sources.put(s.getKey(), s.getValue().asLong()));
      fields.put(
          member.getKey(), new FieldSource(member.getValue().path("rule").asText(), sources));
    }
    return Optional.of(new Provenance(annotations.get(INTEGRATOR), revision, fields));
  }
}
