package io.knactor.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Serializes the JSON trees that parsing and the project's code build (objects, arrays, strings,
 * booleans, null, int, long and double numbers) straight to a generator, the bytes the mapper would
 * write, without the mapper's per-call serializer provider and serializer lookups. Any other node
 * kind is left to the mapper: {@link #write} returns null.
 */
final class TreeWriter {
  /** Thrown, without a stack trace, at a node kind this writer leaves to the mapper. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final Unsupported UNSUPPORTED = new Unsupported();

  private TreeWriter() {}

  /** The bytes of {@code node}, or null when it holds a node kind this writer does not write. */
  static byte[] write(JsonFactory factory, JsonNode node) throws IOException {
    ByteArrayBuilder out = new ByteArrayBuilder(factory._getBufferRecycler());
    try (JsonGenerator generator = factory.createGenerator(out, JsonEncoding.UTF8)) {
      write(generator, node);
    } catch (Unsupported e) {
      out.release();
      return null;
    }
    byte[] bytes = out.toByteArray();
    out.release();
    return bytes;
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    if (node instanceof ObjectNode object) {
      g.writeStartObject(object);
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        g.writeFieldName(field.getKey());
        write(g, field.getValue());
      }
      g.writeEndObject();
    } else if (node instanceof ArrayNode array) {
      g.writeStartArray(array, array.size());
      for (JsonNode item : array) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (node instanceof TextNode text) {
      g.writeString(text.textValue());
    } else if (node instanceof BooleanNode bool) {
      g.writeBoolean(bool.booleanValue());
    } else if (node instanceof DoubleNode number) {
      g.writeNumber(number.doubleValue());
    } else if (node instanceof IntNode number) {
      g.writeNumber(number.intValue());
    } else if (node instanceof LongNode number) {
      g.writeNumber(number.longValue());
    } else if (node instanceof NullNode) {
      g.writeNull();
    } else {
      throw UNSUPPORTED;
    }
  }
}
