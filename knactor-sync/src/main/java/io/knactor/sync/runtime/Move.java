package io.knactor.sync.runtime;

import java.time.Duration;

/**
 * One completed reassignment: {@code task} moved from instance {@code from} to {@code to}. {@code
 * took} runs from the request to the partition being claimed for the new owner (a newer epoch,
 * which fences the old owner) with its state loaded; the new owner then takes it into its next
 * round.
 */
public record Move(TaskId task, int from, int to, Duration took) {}
