package io.knactor.examples.smarthome;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.model.StoreRef;
import java.time.Instant;
import java.util.List;

/** A simulated device's reading, as its vendor's knactor appends it to its log store. */
public interface DeviceReading {
  /** The record's key: the room, so that all readings of a room share a partition. */
  String room();

  /** The event time, epoch milliseconds. */
  long time();

  /** The record's value, as the store's schema declares it. */
  ObjectNode value();

  /** Appends {@code readings} to the log store {@code store}, keyed by room, at their times. */
  static void append(LogExchange logs, StoreRef store, List<? extends DeviceReading> readings) {
    logs.append(
        store,
        readings.stream()
            .map(r -> new LogRecord(r.room(), Instant.ofEpochMilli(r.time()), r.value()))
            .toList());
  }
}
