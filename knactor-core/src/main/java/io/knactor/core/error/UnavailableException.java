package io.knactor.core.error;

/** The exchange is closed, shutting down, or its backend cannot be reached. */
public class UnavailableException extends KnactorException {
  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, String field) {
    super(message, field, null);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public UnavailableException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "Unavailable";
  }

  @Override
  public int httpStatus() {
    return 503;
  }
}
