package io.knactor.core.error;

/**
 * Root of every error Knactor reports. Each subtype maps to one HTTP status and carries what a
 * person needs to act on it: the store, the object, the field, the spec file and line, as far as
 * known.
 */
public class KnactorException extends RuntimeException {
  private final String field;

  public KnactorException(String message) {
    this(message, null, null);
  }

  public KnactorException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public KnactorException(String message, String field, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The offending field (a JSON path such as {@code items[2].name}), or null when none applies. */
  public String field() {
    return field;
  }

  /** A short machine-readable reason, as in Kubernetes' Status.reason. */
  public String reason() {
    return "InternalError";
  }

  /** The HTTP status this error is answered with. */
  public int httpStatus() {
    return 500;
  }
}
