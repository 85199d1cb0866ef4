package io.knactor.core.error;

/**
 * A write lost a race: its expected resourceVersion is stale, or it creates an object that already
 * exists. Re-read and retry.
 */
public class ConflictException extends KnactorException {
  public ConflictException(String message) {
    super(message);
  }

  public ConflictException(String message, String field) {
    super(message, field, null);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  public ConflictException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "Conflict";
  }

  @Override
  public int httpStatus() {
    return 409;
  }
}
