package io.knactor.examples.smarthome.motion;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.kit.Reconciling;
import io.knactor.examples.smarthome.DeviceReading;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;
import java.util.List;

/**
 * The Motion knactor: vendor Z's service for its occupancy sensors. Its reconciler applies the
 * configured {@code sensitivity} (filled from outside) to the sensors and records it as {@code
 * applied}; the sensors' readings go to its log store, keyed by the room. It names no other
 * service.
 */
public final class Motion {
  public static final StoreRef STORE = StoreRef.parse("SmartHome/v1/Motion/motion-1");
  public static final String CONFIG = "Config";
  public static final String READING = "Reading";
  public static final int PARTITIONS = 2;

  private Motion() {}

  public static Knactor knactor(ObjectExchange connection, MotionSensors sensors) {
    return Knactor.builder(STORE, connection)
        .on(CONFIG, (ctx, event) -> reconcile(ctx, event, sensors))
        .build();
  }

  static Result reconcile(Context ctx, Event event, MotionSensors sensors) {
    JsonNode sensitivity = event.data().get("sensitivity");
    if (event.isDeleted() || sensitivity == null || !sensitivity.isNumber()) {
      return Result.done();
    }
    sensors.setSensitivity(sensitivity.asDouble());
    return Reconciling.patchChanged(
        ctx, event, Json.object().put("applied", sensitivity.asDouble()));
  }

  /** Creates the knactor's log store, or finds it. */
  public static void createLog(LogExchange logs) {
    logs.createStore(LogStoreSpec.of(STORE, READING, PARTITIONS));
  }

  /** Appends {@code readings} to the log store, keyed by room, at their event times. */
  public static void record(LogExchange logs, List<MotionSensors.Reading> readings) {
    DeviceReading.append(logs, STORE, readings);
  }
}
