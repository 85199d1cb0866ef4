package io.knactor.examples.smarthome.lamp;

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
import java.util.Map;

/**
 * The Lamp knactor: vendor Y's service for its smart bulbs. Its store holds a {@code Light} per
 * room (the room's bulbs and their rated power); its reconciler sets the bulbs to the {@code
 * brightness} filled from outside and records it as {@code applied}. The bulbs' energy readings go
 * to its log store, keyed by the room. It names no other service.
 */
public final class Lamp {
  public static final StoreRef STORE = StoreRef.parse("SmartHome/v1/Lamp/lamp-1");
  public static final String LIGHT = "Light";
  public static final String ENERGY = "Energy";
  public static final int PARTITIONS = 4;

  private Lamp() {}

  public static Knactor knactor(ObjectExchange connection, Bulbs bulbs) {
    return Knactor.builder(STORE, connection)
        .on(LIGHT, (ctx, event) -> reconcile(ctx, event, bulbs))
        .build();
  }

  /** Publishes a Light per room of {@code bulbs} (kept when it exists, e.g. filled already). */
  public static void install(Context ctx, Bulbs bulbs) {
    for (Map.Entry<String, Bulbs.Fixture> room : bulbs.fixtures().entrySet()) {
      Reconciling.createOrFill(
          ctx,
          LIGHT,
          room.getKey(),
          Json.object()
              .put("bulbs", room.getValue().bulbs())
              .put("watts", room.getValue().watts()));
    }
  }

  static Result reconcile(Context ctx, Event event, Bulbs bulbs) {
    JsonNode brightness = event.data().get("brightness");
    if (event.isDeleted()
        || brightness == null
        || !brightness.canConvertToInt()
        || !bulbs.fixtures().containsKey(event.name())) {
      return Result.done();
    }
    bulbs.setBrightness(event.name(), brightness.asInt());
    return Reconciling.patchChanged(ctx, event, Json.object().put("applied", brightness.asInt()));
  }

  /** Creates the knactor's log store, or finds it. */
  public static void createLog(LogExchange logs) {
    logs.createStore(LogStoreSpec.of(STORE, ENERGY, PARTITIONS));
  }

  /**
   * Appends {@code readings} to the log store keyed by the room, not the bulb: the readings of a
   * room then share a partition, which a per-room aggregation needs to be exact.
   */
  public static void record(LogExchange logs, List<Bulbs.Reading> readings) {
    DeviceReading.append(logs, STORE, readings);
  }
}
