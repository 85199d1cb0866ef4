package io.knactor.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    return parseObject(MAPPER, bytes, what);
  }

  /**
   * Parses a JSON object with {@code mapper}, without the size check of {@link #parseObject(byte[],
   * String)}.
   *
   * @param what names the input in the error, e.g. "request body"
   * @throws InvalidInputException with the line and column when the text is not a JSON object
   */
  public static ObjectNode parseObject(ObjectMapper mapper, byte[] bytes, String what) {
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
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

  public static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static String toString(JsonNode node) {
    return new String(write(node), StandardCharsets.UTF_8);
  }
}
