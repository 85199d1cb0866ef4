package io.knactor.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Reconciler} asks the runtime to do after a call, as the Java Operator SDK's {@code
 * UpdateControl}: nothing more, apply writes to the own store atomically, and/or call the handler
 * again for the same object after a delay. Immutable.
 */
public final class Result {
  private static final Result DONE = new Result(null, null);

  private final StoreWrites writes;
  private final Duration requeueAfter;

  private Result(StoreWrites writes, Duration requeueAfter) {
    this.writes = writes;
    this.requeueAfter = requeueAfter;
  }

  /** Nothing to write; wait for the next change. */
  public static Result done() {
    return DONE;
  }

  /**
   * Commits {@code writes} atomically after the handler returns. When they conflict with a
   * concurrent write, the runtime re-reads the object and calls the handler again.
   */
  public static Result apply(StoreWrites writes) {
    Objects.requireNonNull(writes, "writes");
    return new Result(writes, null);
  }

  /** Calls the handler again for the object after {@code delay}, unless it changes before. */
  public static Result requeueAfter(Duration delay) {
    return new Result(null, checkDelay(delay));
  }

  /** This result, also calling the handler again for the object after {@code delay}. */
  public Result andRequeueAfter(Duration delay) {
    return new Result(writes, checkDelay(delay));
  }

  /** The writes to apply, if any. */
  public Optional<StoreWrites> writes() {
    return Optional.ofNullable(writes).filter(w -> !w.isEmpty());
  }

  /** When to call the handler again, if asked. */
  public Optional<Duration> requeueDelay() {
    return Optional.ofNullable(requeueAfter);
  }

  private static Duration checkDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("requeue delay must not be negative, got " + delay);
    }
    return delay;
  }

  @Override
  public String toString() {
    return "Result[writes="
        + (writes == null ? 0 : writes.size())
        + (requeueAfter == null ? "" : ", requeueAfter=" + requeueAfter)
        + "]";
  }
}
