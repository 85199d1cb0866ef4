package io.knactor.exchange.embedded.log.internal;

/**
 * A subscriber's standing in one partition: the epoch of its latest claim and its committed offset
 * ({@link #NONE} when it never committed).
 */
record Subscription(long epoch, long committed) {
  static final long NONE = -1;
}
