package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.StoreRef;
import java.time.Instant;

/**
 * A record as stored: where it is (store, partition, offset), its key, its event time (to the
 * millisecond) and its value.
 *
 * <p>{@code value} may be shared with the exchange (an in-JVM reader gets it without a copy): treat
 * it as read-only.
 */
public record StoredRecord(
    StoreRef store, int partition, long offset, String key, Instant timestamp, ObjectNode value) {}
