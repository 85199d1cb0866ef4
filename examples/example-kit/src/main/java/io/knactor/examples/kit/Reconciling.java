package io.knactor.examples.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoredObject;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Result;
import io.knactor.sdk.StoreWrites;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** What the example knactors' reconcilers do at their end: write only the fields that differ. */
public final class Reconciling {
  private Reconciling() {}

  /**
   * Patches the event's object with the fields of {@code desired} whose values differ from the
   * stored ones (numbers compared by value), expecting the version the event carries; nothing when
   * all are equal.
   */
  public static Result patchChanged(Context ctx, Event event, ObjectNode desired) {
    ObjectNode patch = changed(event.data(), desired);
    if (patch.isEmpty()) {
      return Result.done();
    }
    return Result.apply(
        ctx.writes().patch(event.kind(), event.name(), event.resourceVersion(), patch));
  }

  /**
   * Adds to {@code writes} a patch of {@code current} with the fields of {@code desired} whose
   * values differ from the stored ones, expecting its version; nothing when all are equal.
   */
  public static StoreWrites patchChanged(
      StoreWrites writes, StoredObject current, ObjectNode desired) {
    ObjectNode patch = changed(current.data(), desired);
    return patch.isEmpty()
        ? writes
        : writes.patch(
            current.key().kind(), current.key().name(), current.resourceVersion(), patch);
  }

  /**
   * Makes the object {@code kind/name} hold {@code data} exactly (created when missing), unless it
   * already does.
   */
  public static Result publish(Context ctx, String kind, String name, ObjectNode data) {
    Optional<StoredObject> current = ctx.get(kind, name);
    if (current.isPresent() && changed(current.get().data(), data).isEmpty()) {
      return Result.done();
    }
    return Result.apply(ctx.writes().upsert(kind, name, data));
  }

  /**
   * Makes {@code kind/name} hold every field of {@code data}: creates it, or fills the fields into
   * the object when it exists without them (an integrator may create an object, with external
   * fields, before its owner does), or accepts that it holds them already (a repeated request).
   *
   * @throws ConflictException when it exists with other values in those fields
   */
  public static void createOrFill(Context ctx, String kind, String name, ObjectNode data) {
    for (int attempt = 1; ; attempt++) {
      Optional<StoredObject> existing = ctx.get(kind, name);
      ObjectNode missing = existing.isEmpty() ? data : changed(existing.get().data(), data);
      if (missing.isEmpty()) {
        return;
      }
      if (existing.isPresent()) {
        missing
            .fieldNames()
            .forEachRemaining(
                field -> {
                  if (existing.get().data().hasNonNull(field)) {
                    throw new ConflictException(
                        kind + " " + name + " already exists with another " + field, field);
                  }
                });
      }
      try {
        if (existing.isEmpty()) {
          ctx.create(kind, name, data);
        } else {
          ctx.commit(ctx.writes().patch(kind, name, existing.get().resourceVersion(), missing));
        }
        return;
      } catch (ConflictException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }

  private static ObjectNode changed(ObjectNode current, ObjectNode desired) {
    ObjectNode patch = Json.object();
    Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode stored = current.get(field.getKey());
      if (stored == null || !sameValue(stored, field.getValue())) {
        patch.set(field.getKey(), field.getValue());
      }
    }
    return patch;
  }

  /** Deep equality, numbers by value (2 equals 2.0) at any depth. */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) ->
            x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1,
        b);
  }

  /** The text of {@code field}, or null when it is absent, null or empty. */
  public static String text(JsonNode data, String field) {
    JsonNode value = data.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }
}
