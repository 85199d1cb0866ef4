package io.knactor.sync.spec;

import io.knactor.cast.spec.Location;

/**
 * Where a flow's records go.
 *
 * @param mode {@link Mode#APPEND} to a log store ({@code to:}) or {@link Mode#FOLD} into an object
 *     store ({@code fold:})
 * @param objectName for a fold, the one object every record folds into; null folds each record into
 *     the object named by its key
 */
public record SinkDecl(Mode mode, StreamDecl target, String objectName, Location location) {
  /** How a sink writes. */
  public enum Mode {
    /** Appends each record to a log store. */
    APPEND,
    /** Keeps, per object, the fields of the latest record by event time in an object store. */
    FOLD
  }
}
