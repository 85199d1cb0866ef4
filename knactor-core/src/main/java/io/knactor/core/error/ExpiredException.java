package io.knactor.core.error;

/**
 * A watch or read asked for a version older than the retained history; list again and watch from
 * the list's version.
 */
public class ExpiredException extends KnactorException {
  public ExpiredException(String message) {
    super(message);
  }

  public ExpiredException(String message, String field) {
    super(message, field, null);
  }

  public ExpiredException(String message, Throwable cause) {
    super(message, cause);
  }

  public ExpiredException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "Expired";
  }

  @Override
  public int httpStatus() {
    return 410;
  }
}
