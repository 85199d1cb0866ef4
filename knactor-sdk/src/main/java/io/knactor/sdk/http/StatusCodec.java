package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.SpecException;
import io.knactor.core.error.UnauthorizedException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import java.nio.charset.StandardCharsets;

/**
 * The error body of the API, {@code
 * {"kind":"Status","code":409,"reason":"Conflict","message":"...", "field":"..."}}, and its mapping
 * to and from the {@link KnactorException} hierarchy: a client rethrows the server's error as the
 * same type with the same message and field.
 */
public final class StatusCodec {
  private StatusCodec() {}

  public static ObjectNode encode(KnactorException error) {
    return encode(error.httpStatus(), error.reason(), error.getMessage(), error.field());
  }

  public static ObjectNode encode(int code, String reason, String message, String field) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("kind", "Status");
    node.put("code", code);
    node.put("reason", reason);
    node.put("message", message);
    if (field != null) {
      node.put("field", field);
    }
    return node;
  }

  /** The exception a Status body describes; {@code httpStatus} is used when the body has none. */
  public static KnactorException decode(int httpStatus, byte[] body) {
    ObjectNode status;
    try {
      status = WireJson.parseObject(body, "error body");
    } catch (InvalidInputException e) {
      String text = new String(body, StandardCharsets.UTF_8);
      return forCode(
          httpStatus,
          "HTTP "
              + httpStatus
              + " without a Status body: "
              + (text.length() > 200 ? text.substring(0, 200) + "..." : text),
          null);
    }
    return decode(httpStatus, status);
  }

  /** The exception a Status object describes, e.g. the object of a watch's ERROR line. */
  public static KnactorException decode(int httpStatus, ObjectNode status) {
    JsonNode code = status.get("code");
    JsonNode message = status.get("message");
    JsonNode field = status.get("field");
    return forCode(
        code != null && code.canConvertToInt() ? code.intValue() : httpStatus,
        message != null && message.isTextual() ? message.textValue() : "HTTP " + httpStatus,
        field != null && field.isTextual() ? field.textValue() : null);
  }

  /** The exception type that the server answers with {@code code}. */
  public static KnactorException forCode(int code, String message, String field) {
    return switch (code) {
      case 400, 413 -> new InvalidInputException(message, field);
      case 401 -> new UnauthorizedException(message, field);
      case 403 -> new ForbiddenException(message, field);
      case 404 -> new NotFoundException(message, field);
      case 409 -> new ConflictException(message, field);
      case 410 -> new ExpiredException(message, field);
      case 422 -> new SpecException(message, field);
      case 429 -> new WatchOverflowException(message, field);
      case 502, 503, 504 -> new UnavailableException(message, field);
      default -> new KnactorException(message, field, null);
    };
  }
}
