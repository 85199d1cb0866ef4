package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;

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
  public static final ObjectMapper MAPPER = Json.mapper(ENVELOPE_DEPTH);

  private WireJson() {}

  /**
   * Parses a JSON object.
   *
   * @param what names the input in errors, e.g. "request body"
   * @throws InvalidInputException with line and column when the text is not a JSON object
   */
  public static ObjectNode parseObject(byte[] bytes, String what) {
    return Json.parseObject(MAPPER, bytes, what);
  }

  public static byte[] write(JsonNode node) {
    return Json.write(node);
  }
}
