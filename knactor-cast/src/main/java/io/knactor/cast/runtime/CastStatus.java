package io.knactor.cast.runtime;

import java.util.List;

/**
 * What a running cast reports: its revision, the watch position it has consumed, its failing fields
 * and counters since it started.
 *
 * @param phase where the runtime is: {@code starting}, {@code syncing} (evaluating every key),
 *     {@code running}, {@code pushed-down} (the exchange evaluates the rules), {@code retrying}
 *     (after an unexpected error) or {@code stopped}
 * @param position the exchange version up to which every change was consumed
 * @param failures the rules failing now, by key and field, in key order
 * @param events changes consumed since start
 * @param commits batches committed since start
 * @param resyncs full evaluations of every key since start (first start, revision switch, 410)
 * @param lastError the last unexpected error, or empty
 * @param pushDown whether the running revision is pushed down into the exchange, and why (not)
 */
public record CastStatus(
    String name,
    long revision,
    String phase,
    long position,
    List<KeyFailure> failures,
    long events,
    long commits,
    long resyncs,
    String lastError,
    String pushDown) {
  public CastStatus {
    failures = List.copyOf(failures);
  }
}
