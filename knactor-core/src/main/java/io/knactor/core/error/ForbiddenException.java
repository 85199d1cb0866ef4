package io.knactor.core.error;

/** An authenticated principal asked for something its grants do not allow. */
public class ForbiddenException extends KnactorException {
  public ForbiddenException(String message) {
    super(message);
  }

  public ForbiddenException(String message, String field) {
    super(message, field, null);
  }

  public ForbiddenException(String message, Throwable cause) {
    super(message, cause);
  }

  public ForbiddenException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "Forbidden";
  }

  @Override
  public int httpStatus() {
    return 403;
  }
}
