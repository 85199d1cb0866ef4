package io.knactor.sync.runtime;

import java.time.Duration;

/**
 * One completed reassignment: {@code task} moved from instance {@code from} to {@code to}. {@code
 * took} runs from the request to the new owner holding its claim with the state restored: the old
 * owner finishing its step, releasing, and the new owner claiming (a newer epoch) and loading the
 * state.
 */
public record Move(TaskId task, int from, int to, Duration took) {}
