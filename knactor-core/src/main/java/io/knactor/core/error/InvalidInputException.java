package io.knactor.core.error;

/**
 * Input that cannot be accepted as it is: malformed JSON or YAML, an invalid name, a schema
 * violation, an oversize or too deeply nested document. Nothing is stored.
 */
public class InvalidInputException extends KnactorException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, String field) {
    super(message, field, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  public InvalidInputException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String reason() {
    return "BadRequest";
  }

  @Override
  public int httpStatus() {
    return 400;
  }
}
