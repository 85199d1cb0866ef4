package io.knactor.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Turns the server's error answers ({@code kind: Status}) back into Knactor exceptions. */
final class ServerErrors {
  private ServerErrors() {}

  /** The exception for an error answer: the Status' message and field, or the raw body. */
  static KnactorException of(int status, JsonNode body, String rawBody) {
    boolean isStatus = body != null && "Status".equals(body.path("kind").asText());
    String message =
        isStatus
            ? body.path("message").asText()
            : "HTTP " + status + (rawBody.isBlank() ? "" : ": " + rawBody.strip());
    String field = isStatus && body.hasNonNull("field") ? body.get("field").asText() : null;
    int code = isStatus && body.has("code") ? body.get("code").asInt(status) : status;
    return switch (code) {
      case 400, 413 -> new InvalidInputException(message, field);
      case 401 -> new UnauthorizedException(message, field);
      case 403 -> new ForbiddenException(message, field);
      case 404 -> new NotFoundException(message, field);
      case 409 -> new ConflictException(message, field);
      case 410 -> new ExpiredException(message, field);
      case 422 -> new SpecException(message, field);
      case 429 -> new WatchOverflowException(message, field);
      case 503 -> new UnavailableException(message, field);
      default -> new KnactorException(message, field, null);
    };
  }
}
