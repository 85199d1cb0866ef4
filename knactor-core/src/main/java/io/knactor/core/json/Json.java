package io.knactor.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapper of the project, with the document limits applied while parsing so an oversize
 * or deeply nested input is refused before it is built in memory.
 */
public final class Json {
  /** Shared, thread-safe mapper. Do not reconfigure. */
  public static final ObjectMapper MAPPER = mapper(2);

  /** Reads trees with {@link #MAPPER}; built once, it skips the type lookup of each mapper call. */
  private static final ObjectReader TREE_READER = MAPPER.reader();

  /**
   * A new mapper with this class' settings that allows {@code extraDepth} levels of nesting beyond
   * {@link DocumentLimits#MAX_DEPTH}, for formats that wrap a document in an envelope.
   */
  public static ObjectMapper mapper(int extraDepth) {
    return JsonMapper.builder(
            new com.fasterxml.jackson.core.JsonFactoryBuilder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(DocumentLimits.MAX_DEPTH + extraDepth)
                        .maxStringLength(DocumentLimits.MAX_BYTES)
                        .build())
                .build())
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();
  }

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Parses a JSON object.
   *
   * @param what names the input in the error, e.g. "request body"
   * @throws InvalidInputException with the line and column when the text is not a JSON object
   */
  public static ObjectNode parseObject(byte[] bytes, String what) {
    if (bytes.length > DocumentLimits.MAX_BYTES + 4096) {
      throw new InvalidInputException(
          what + " is " + bytes.length + " bytes; the limit is " + DocumentLimits.MAX_BYTES);
    }
    return parseObject(() -> TREE_READER.readTree(bytes), what);
  }

  /**
   * Parses a JSON object with {@code mapper}, without the size check of {@link #parseObject(byte[],
   * String)}.
   *
   * @param what names the input in the error, e.g. "request body"
   * @throws InvalidInputException with the line and column when the text is not a JSON object
   */
  public static ObjectNode parseObject(ObjectMapper mapper, byte[] bytes, String what) {
    if (mapper == MAPPER) {
      return parseObject(() -> TREE_READER.readTree(bytes), what);
    }
    return parseObject(() -> mapper.readTree(bytes), what);
  }

  /**
   * Parses the JSON object in {@code length} bytes of {@code bytes} from {@code offset} with {@link
   * #MAPPER}, without the size check of {@link #parseObject(byte[], String)} and without copying
   * the bytes: for values framed inside a larger stored entry.
   *
   * @param what names the input in the error, e.g. "stored record"
   * @throws InvalidInputException with the line and column when the text is not a JSON object
   */
  public static ObjectNode parseObject(byte[] bytes, int offset, int length, String what) {
    return parseObject(() -> TREE_READER.readTree(bytes, offset, length), what);
  }

  private interface TreeRead {
    JsonNode read() throws IOException;
  }

  private static ObjectNode parseObject(TreeRead read, String what) {
    JsonNode node;
    try {
      node = read.read();
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidInputException(
          "malformed JSON in " + what + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidInputException("unreadable " + what + ": " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode() || !node.isObject()) {
      throw new InvalidInputException(
          what
              + " must be a JSON object, got "
              + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType()));
    }
    return (ObjectNode) node;
  }

  public static ObjectNode parseObject(String text, String what) {
    return parseObject(text.getBytes(StandardCharsets.UTF_8), what);
  }

  /** The UTF-8 JSON of {@code node}, as {@link #MAPPER} writes it. */
  public static byte[] write(JsonNode node) {
    try {
      byte[] bytes = TreeWriter.write(MAPPER.getFactory(), node);
      return bytes != null ? bytes : MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static String toString(JsonNode node) {
    return new String(write(node), StandardCharsets.UTF_8);
  }
}
