package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The wire form of {@code POST /api/v1/batch}: {@code
 * {"principal":"p","writes":[{"op":"PATCH","store":"A/v1/T/i",
 * "kind":"K","name":"n","resourceVersion":"7","labels":{},"data":{},"annotations":{}}]}} and its
 * answer {@code {"kind":"BatchResult","items":[object...]}}.
 */
public final class BatchCodec {
  /** The most writes one batch may carry. */
  public static final int MAX_WRITES = 10_000;

  private BatchCodec() {}

  /**
   * The body of a batch, with the batch's principal as {@code principal}: the server records it
   * only when the caller is admin (acting for someone), and otherwise records the caller.
   */
  public static ObjectNode encode(WriteBatch batch) {
    ObjectNode body = encode(batch.writes());
    body.put("principal", batch.principal());
    return body;
  }

  public static ObjectNode encode(List<Write> writes) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode array = body.putArray("writes");
    for (Write write : writes) {
      ObjectNode node = array.addObject();
      node.put("op", write.op().name());
      node.put("store", write.key().store().toString());
      node.put("kind", write.key().kind());
      node.put("name", write.key().name());
      if (write.expectedVersion() != Write.ANY_VERSION) {
        node.put("resourceVersion", Long.toString(write.expectedVersion()));
      }
      if (write.labels() != null) {
        node.set("labels", ObjectCodec.stringMap(write.labels()));
      }
      if (write.data() != null) {
        node.set("data", write.data());
      }
      if (!write.annotations().isEmpty()) {
        node.set("annotations", ObjectCodec.stringMap(write.annotations()));
      }
    }
    return body;
  }

  /**
   * Decodes the writes of a batch body.
   *
   * @throws InvalidInputException naming the offending member, e.g. {@code writes[1].op}
   */
  public static List<Write> decode(ObjectNode body) {
    JsonNode array = body.get("writes");
    if (array == null || !array.isArray()) {
      throw new InvalidInputException("writes must be an array of writes", "writes");
    }
    if (array.isEmpty()) {
      throw new InvalidInputException("writes must hold at least one write", "writes");
    }
    if (array.size() > MAX_WRITES) {
      throw new InvalidInputException(
          "a batch holds at most " + MAX_WRITES + " writes, got " + array.size(), "writes");
    }
    List<Write> writes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      writes.add(decodeWrite(array.get(i), "writes[" + i + "]"));
    }
    return writes;
  }

  /** The principal a batch body names, or null. */
  public static String principal(ObjectNode body) {
    return WireFields.text(body, "principal", "", false);
  }

  private static Write decodeWrite(JsonNode json, String where) {
    if (!json.isObject()) {
      throw WireFields.wrongType(where, "an object", json);
    }
    ObjectNode node = (ObjectNode) json;
    Write.Op op = op(WireFields.text(node, "op", where, true), where + ".op");
    ObjectKey key;
    try {
      key =
          new ObjectKey(
              StoreRef.parse(WireFields.text(node, "store", where, true)),
              WireFields.text(node, "kind", where, true),
              WireFields.text(node, "name", where, true));
    } catch (InvalidInputException e) {
      String field = e.field() == null ? where : WireFields.path(where, e.field());
      throw new InvalidInputException(where + ": " + e.getMessage(), field, e);
    }
    long version = WireFields.version(node, "resourceVersion", where);
    ObjectNode data = WireFields.object(node, "data", where, false);
    if (op == Write.Op.DELETE && data != null) {
      throw new InvalidInputException(where + ".data: DELETE takes no data", where + ".data");
    }
    if (op != Write.Op.DELETE && data == null) {
      throw new InvalidInputException(
          where + ".data is required for " + op, WireFields.path(where, "data"));
    }
    Map<String, String> annotations = WireFields.stringMap(node, "annotations", where);
    return new Write(
        op,
        key,
        version < 0 ? Write.ANY_VERSION : version,
        WireFields.stringMap(node, "labels", where),
        data,
        annotations);
  }

  private static Write.Op op(String text, String where) {
    try {
      return Write.Op.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          where + " must be one of " + Arrays.toString(Write.Op.values()) + ", got '" + text + "'",
          where);
    }
  }

  public static ObjectNode encodeResult(CommitResult result) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("kind", "BatchResult");
    ArrayNode items = body.putArray("items");
    result.objects().forEach(object -> items.add(ObjectCodec.encode(object)));
    return body;
  }

  public static CommitResult decodeResult(ObjectNode body) {
    List<StoredObject> objects = new ArrayList<>();
    JsonNode items = body.path("items");
    for (int i = 0; i < items.size(); i++) {
      objects.add(ObjectCodec.decode(items.get(i), "items[" + i + "]"));
    }
    return new CommitResult(objects);
  }
}
