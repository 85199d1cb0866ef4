package io.knactor.sync.runtime;

import java.time.Duration;

/**
 * One completed reassignment: {@code task} moved from instance {@code from} to {@code to}. {@code
 * took} runs from the request until the new owner holds the partition, between its rounds: handed
 * over in memory by the old owner (claim, task and committed state) once no step of it was in
 * flight, or, when the old owner no longer held it, claimed for the new owner with its state
 * loaded. The new owner's next round then processes it.
 */
public record Move(TaskId task, int from, int to, Duration took) {}
