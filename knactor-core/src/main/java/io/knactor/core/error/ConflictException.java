package io.knactor.core.error;

import io.knactor.core.model.ObjectKey;
import java.util.Optional;

/**
 * A write lost a race: its expected resourceVersion is stale, or it creates an object that already
 * exists. Re-read and retry.
 */
public class ConflictException extends KnactorException {
  private final ObjectKey object;

  public ConflictException(String message) {
    super(message);
    this.object = null;
  }

  /**
   * A write to {@code object} lost the race: it is no longer at the version the write expected.
   * Naming it lets a caller that wrote several objects read only this one again.
   */
  public ConflictException(String message, String field, ObjectKey object) {
    super(message, field, null);
    this.object = object;
  }

  public ConflictException(String message, String field) {
    super(message, field, null);
    this.object = null;
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
    this.object = null;
  }

  public ConflictException(String message, String field, Throwable cause) {
    super(message, field, cause);
    this.object = null;
  }

  /** The object whose expected version was stale, when the one who refused the write said. */
  public Optional<ObjectKey> object() {
    return Optional.ofNullable(object);
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
