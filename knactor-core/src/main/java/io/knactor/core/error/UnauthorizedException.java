package io.knactor.core.error;

/** A request without a valid credential. */
public class UnauthorizedException extends KnactorException {
  public UnauthorizedException(String message) {
    super(message);
  }

  public UnauthorizedException(String message, String field) {
    super(message, field, null);
  }

  public UnauthorizedException(String message, Throwable cause) {
    super(message, cause);
  }

  public UnauthorizedException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "Unauthorized";
  }

  @Override
  public int httpStatus() {
    return 401;
  }
}
