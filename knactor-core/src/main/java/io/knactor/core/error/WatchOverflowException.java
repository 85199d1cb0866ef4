package io.knactor.core.error;

/**
 * A watcher fell so far behind that its queue filled; it is cut off so it cannot slow writers or
 * other watchers. Relist and watch again.
 */
public class WatchOverflowException extends KnactorException {
  public WatchOverflowException(String message) {
    super(message);
  }

  public WatchOverflowException(String message, String field) {
    super(message, field, null);
  }

  public WatchOverflowException(String message, Throwable cause) {
    super(message, cause);
  }

  public WatchOverflowException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  /** The error for {@code watch} (its description) holding more than {@code queueCapacity}. */
  public static WatchOverflowException cutOff(String watch, int queueCapacity) {
    return new WatchOverflowException(
        watch
            + " fell more than "
            + queueCapacity
            + " events behind (queueCapacity "
            + queueCapacity
            + ") and was cut off; list again and watch from the list's resourceVersion");
  }

  @Override
  public String reason() {
    return "WatchOverflow";
  }

  @Override
  public int httpStatus() {
    return 429;
  }
}
