package io.knactor.sync.plan;

import io.knactor.core.model.StoreRef;

/**
 * Where an emission goes: a kind of record in a log store, a kind of object in an object store, or
 * a dead letter kind in a log store.
 *
 * @param kind the schema kind, e.g. {@code Motion}
 */
public record Destination(Mode mode, StoreRef store, String kind) {
  /** What the caller does with an emission. */
  public enum Mode {
    /** Append the record to the log store. */
    APPEND,
    /**
     * Set the value's fields on the object named by the record's key (created when missing); the
     * value is the latest record of that object by event time.
     */
    FOLD,
    /**
     * Append to a log store a record the flow could not place: its value is {@code {reason, step,
     * key, time, value}}.
     */
    DEAD_LETTER,
    /**
     * Append the record, re-keyed by its group, to the internal log store of a {@code repartition}
     * step (the store is the runtime's, not the spec's); the rest of the flow reads it.
     */
    REPARTITION,
    /**
     * Append a watermark marker ({@link io.knactor.sync.exec.WatermarkMarker}) to <em>every</em>
     * partition of a repartition step's internal store: the source partition's watermark, which the
     * readers of the store take the minimum of.
     */
    WATERMARK,
    /**
     * Hand the record back to the caller: the output of a query's pipeline (the destination names
     * the store it reads). Nothing is written.
     */
    RESULT
  }

  @Override
  public String toString() {
    return mode.name().toLowerCase(java.util.Locale.ROOT) + " " + store + " " + kind;
  }
}
