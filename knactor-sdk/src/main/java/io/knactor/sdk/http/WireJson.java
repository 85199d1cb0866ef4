package io.knactor.sdk.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.DocumentLimits;
import java.io.IOException;

/**
 * The JSON mapper of the HTTP API. It has the settings of {@link io.knactor.core.json.Json} except
 * that it allows a few more levels of nesting: a document that may nest {@link
 * DocumentLimits#MAX_DEPTH} levels arrives wrapped in an envelope (object form, batch, watch
 * event), and the envelope must not eat into the document's allowance. The document's own depth is
 * checked by the exchange.
 */
public final class WireJson {
  /** Levels of envelope allowed around a document: batch, writes array, write, data. */
  public static final int ENVELOPE_DEPTH = 8;

  /** Shared, thread-safe. Do not reconfigure. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(DocumentLimits.MAX_DEPTH + ENVELOPE_DEPTH)
                          .maxStringLength(DocumentLimits.MAX_BYTES)
                          .build())
                  .build())
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private WireJson() {}

  /**
   * Parses a JSON object.
   *
   * @param what names the input in errors, e.g. "request body"
   * @throws InvalidInputException with line and column when the text is not a JSON object
   */
  public static ObjectNode parseObject(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
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

  public static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
