package io.knactor.core.error;

/**
 * A specification (schema, Cast, Sync, grant) that does not check; the message lists every problem
 * with its file and line.
 */
public class SpecException extends InvalidInputException {
  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, String field) {
    super(message, field, null);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }

  public SpecException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "Invalid";
  }

  @Override
  public int httpStatus() {
    return 422;
  }
}
