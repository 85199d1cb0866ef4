package io.knactor.exchange.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * A private copy of a document equal to what parsing its JSON text gives back (the form every read
 * returns), made without parsing: containers are copied, immutable leaves shared, and integers
 * narrowed to the node type the parser would pick. Documents holding a node whose text does not
 * read back as an equal node (floats, decimals, non-finite doubles, binary, POJOs) are not copied:
 * the caller parses those.
 */
final class CanonicalCopy {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private CanonicalCopy() {}

  /** The copy, or null when {@code document} holds a node this class does not copy. */
  static ObjectNode of(ObjectNode document) {
    return (ObjectNode) copy(document);
  }

  private static JsonNode copy(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        ObjectNode copy = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          JsonNode value = copy(field.getValue());
          if (value == null) {
            return null;
          }
          copy.set(field.getKey(), value);
        }
        return copy;
      }
      case ARRAY -> {
        ArrayNode copy = NODES.arrayNode(node.size());
        for (JsonNode element : node) {
          JsonNode value = copy(element);
          if (value == null) {
            return null;
          }
          copy.add(value);
        }
        return copy;
      }
      case STRING, BOOLEAN, NULL -> {
        return node;
      }
      case NUMBER -> {
        return number(node);
      }
      default -> {
        return null;
      }
    }
  }

  private static JsonNode number(JsonNode node) {
    if (node instanceof IntNode) {
      return node;
    }
    if (node instanceof ShortNode) {
      return IntNode.valueOf(node.intValue());
    }
    if (node instanceof LongNode) {
      long value = node.longValue();
      return value == (int) value ? IntNode.valueOf((int) value) : node;
    }
    if (node instanceof BigIntegerNode) {
      BigInteger value = node.bigIntegerValue();
      if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
        return IntNode.valueOf(value.intValue());
      }
      if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
        return LongNode.valueOf(value.longValue());
      }
      return node;
    }
    if (node instanceof DoubleNode && Double.isFinite(node.doubleValue())) {
      return node;
    }
    return null;
  }
}
