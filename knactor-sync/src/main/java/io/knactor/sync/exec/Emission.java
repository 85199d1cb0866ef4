package io.knactor.sync.exec;

import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.Destination;

/**
 * One effect of a step for the caller to commit: a record to append to a log store, the new fields
 * of an object to fold into an object store (the record's key names the object, its value holds the
 * fields to set), or a record for a dead letter store.
 *
 * @param flow the flow that produced it
 */
public record Emission(String flow, Destination destination, SyncRecord record) {}
