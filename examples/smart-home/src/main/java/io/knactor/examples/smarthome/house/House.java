package io.knactor.examples.smarthome.house;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.kit.Reconciling;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;
import io.knactor.sdk.StoreWrites;
import java.util.Optional;

/**
 * The House knactor: company X's home-automation service. Its store holds the house's configuration
 * (the singleton {@code House}: the motion sensitivity it wants and the brightness for a room with
 * and without motion) and a {@code Room} per room, whose latest {@code motion} comes from outside;
 * its reconciler chooses each room's {@code brightness} from its motion. Its log store receives the
 * house's events. It names no sensor and no lamp.
 */
public final class House {
  public static final StoreRef STORE = StoreRef.parse("SmartHome/v1/House/house-1");
  public static final String HOUSE = "House";
  public static final String ROOM = "Room";
  public static final String EVENT = "Event";

  /** The name of the singleton House object, as a schema-declared singleton is created. */
  public static final String CONFIG = "default";

  public static final int PARTITIONS = 2;

  /** The house's configuration. */
  public record Settings(
      String owner, double sensitivity, int brightnessOnMotion, int brightnessIdle) {
    public static Settings defaults() {
      return new Settings("alice", 0.6, 100, 10);
    }

    ObjectNode json() {
      return Json.object()
          .put("owner", owner)
          .put("sensitivity", sensitivity)
          .put("brightnessOnMotion", brightnessOnMotion)
          .put("brightnessIdle", brightnessIdle);
    }
  }

  private House() {}

  public static Knactor knactor(ObjectExchange connection) {
    return Knactor.builder(STORE, connection)
        .on(HOUSE, House::reconcileRooms)
        .on(ROOM, House::reconcileRoom)
        .build();
  }

  /** Stores the house's configuration (what its owner set in the app). */
  public static void configure(Context ctx, Settings settings) {
    Reconciling.publish(ctx, HOUSE, CONFIG, settings.json()).writes().ifPresent(ctx::commit);
  }

  /** Creates the knactor's log store, or finds it. */
  public static void createLog(LogExchange logs) {
    logs.createStore(LogStoreSpec.of(STORE, EVENT, PARTITIONS));
  }

  static Result reconcileRoom(Context ctx, Event event) {
    Optional<ObjectNode> desired =
        event.isDeleted() ? Optional.empty() : desired(ctx, event.data());
    return desired.isEmpty() ? Result.done() : Reconciling.patchChanged(ctx, event, desired.get());
  }

  /** A new configuration: every room's brightness again. */
  static Result reconcileRooms(Context ctx, Event event) {
    StoreWrites writes = ctx.writes();
    for (StoredObject room : ctx.list(ROOM)) {
      desired(ctx, room.data()).ifPresent(d -> Reconciling.patchChanged(writes, room, d));
    }
    return writes.isEmpty() ? Result.done() : Result.apply(writes);
  }

  /** The brightness of a room with {@code room}'s motion, once both it and the config are known. */
  private static Optional<ObjectNode> desired(Context ctx, JsonNode room) {
    Optional<JsonNode> config = ctx.get(HOUSE, CONFIG).map(StoredObject::data);
    JsonNode motion = room.get("motion");
    if (config.isEmpty() || motion == null || !motion.isBoolean()) {
      return Optional.empty();
    }
    String field = motion.asBoolean() ? "brightnessOnMotion" : "brightnessIdle";
    return Optional.of(Json.object().put("brightness", config.get().path(field).asInt()));
  }
}
