package io.knactor.sdk;

import java.time.Duration;

/** The tunables of a knactor's runtime, fixed when it is built. */
record Settings(
    String principal,
    Backoff failureBackoff,
    Backoff conflictBackoff,
    int maxConflictRetries,
    Backoff reconnectBackoff,
    int watchQueueCapacity,
    Duration shutdownTimeout) {}
