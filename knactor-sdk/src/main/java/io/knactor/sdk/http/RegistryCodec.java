package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The wire form of the registry routes: {@code ApplyResult}, {@code SchemaList}, {@code Schema},
 * {@code KnactorList}, {@code PrincipalList} and {@code GrantList} bodies (see docs/api.md).
 */
public final class RegistryCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RegistryCodec() {}

  public static ObjectNode encodeApplyResult(ApplyResult result) {
    return list(
        "ApplyResult",
        result.items(),
        item -> {
          ObjectNode node = NODES.objectNode();
          node.put("kind", item.kind());
          node.put("name", item.name());
          node.put("action", item.action());
          if (item.token() != null) {
            node.put("token", item.token());
          }
          return node;
        });
  }

  public static ApplyResult decodeApplyResult(ObjectNode body) {
    return new ApplyResult(
        items(
            body,
            n ->
                new ApplyResult.Item(
                    n.path("kind").asText(),
                    n.path("name").asText(),
                    n.path("action").asText(),
                    n.hasNonNull("token") ? n.get("token").asText() : null)));
  }

  public static ObjectNode encodeSchemas(List<SchemaInfo> schemas) {
    return list("SchemaList", schemas, RegistryCodec::encodeSchema);
  }

  public static List<SchemaInfo> decodeSchemas(ObjectNode body) {
    return items(body, RegistryCodec::decodeSchema);
  }

  public static ObjectNode encodeSchema(SchemaInfo schema) {
    ObjectNode node = NODES.objectNode();
    node.put("kind", "Schema");
    node.put("name", schema.name());
    node.put("singleton", schema.singleton());
    node.put("source", schema.source());
    node.set("fields", fields(schema.fields()));
    return node;
  }

  public static SchemaInfo decodeSchema(JsonNode node) {
    return new SchemaInfo(
        node.path("name").asText(),
        node.path("singleton").asBoolean(),
        node.path("source").asText(),
        decodeFields(node.path("fields")));
  }

  private static ArrayNode fields(List<SchemaInfo.FieldInfo> fields) {
    ArrayNode array = NODES.arrayNode();
    for (SchemaInfo.FieldInfo field : fields) {
      ObjectNode node = array.addObject();
      node.put("name", field.name());
      node.put("type", field.type());
      node.put("external", field.external());
      node.put("line", field.line());
      if (!field.fields().isEmpty()) {
        node.set("fields", fields(field.fields()));
      }
    }
    return array;
  }

  private static List<SchemaInfo.FieldInfo> decodeFields(JsonNode array) {
    List<SchemaInfo.FieldInfo> out = new ArrayList<>();
    for (JsonNode node : array) {
      out.add(
          new SchemaInfo.FieldInfo(
              node.path("name").asText(),
              node.path("type").asText(),
              node.path("external").asBoolean(),
              node.path("line").asInt(),
              decodeFields(node.path("fields"))));
    }
    return out;
  }

  public static ObjectNode encodeKnactors(List<KnactorInfo> knactors) {
    return list(
        "KnactorList",
        knactors,
        k -> NODES.objectNode().put("name", k.name()).put("principal", k.principal()));
  }

  public static List<KnactorInfo> decodeKnactors(ObjectNode body) {
    return items(body, n -> new KnactorInfo(n.path("name").asText(), n.path("principal").asText()));
  }

  public static ObjectNode encodePrincipals(List<PrincipalInfo> principals) {
    return list(
        "PrincipalList",
        principals,
        p -> NODES.objectNode().put("name", p.name()).put("role", p.role()));
  }

  public static List<PrincipalInfo> decodePrincipals(ObjectNode body) {
    return items(body, n -> new PrincipalInfo(n.path("name").asText(), n.path("role").asText()));
  }

  public static ObjectNode encodeGrants(List<GrantInfo> grants) {
    return list(
        "GrantList",
        grants,
        g -> {
          ObjectNode node = NODES.objectNode();
          node.put("principal", g.principal());
          node.put("store", g.store());
          node.put("kind", g.kind());
          g.fields().forEach(node.putArray("fields")::add);
          g.verbs().forEach(node.putArray("verbs")::add);
          return node;
        });
  }

  public static List<GrantInfo> decodeGrants(ObjectNode body) {
    return items(
        body,
        n ->
            new GrantInfo(
                n.path("principal").asText(),
                n.path("store").asText(),
                n.path("kind").asText(),
                strings(n.path("fields")),
                strings(n.path("verbs"))));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static <T> ObjectNode list(String kind, List<T> items, Function<T, ObjectNode> encode) {
    ObjectNode body = NODES.objectNode();
    body.put("kind", kind);
    ArrayNode array = body.putArray("items");
    items.forEach(item -> array.add(encode.apply(item)));
    return body;
  }

  private static <T> List<T> items(ObjectNode body, Function<JsonNode, T> decode) {
    List<T> out = new ArrayList<>();
    body.path("items").forEach(n -> out.add(decode.apply(n)));
    return out;
  }
}
