package io.knactor.core.error;

/** The named store, kind, object, schema or principal does not exist. */
public class NotFoundException extends KnactorException {
  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, String field) {
    super(message, field, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  public NotFoundException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "NotFound";
  }

  @Override
  public int httpStatus() {
    return 404;
  }
}
