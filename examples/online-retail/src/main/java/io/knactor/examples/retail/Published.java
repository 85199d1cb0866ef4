package io.knactor.examples.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.kit.Reconciling;
import io.knactor.sdk.Context;
import io.knactor.sdk.Result;
import java.util.List;
import java.util.function.Function;

/**
 * A store that publishes one singleton summarizing the objects of another of its kinds (the catalog
 * of the products, the table of the rates), so that integrators can read it as a whole.
 */
public final class Published {
  /** The name of a published singleton. */
  public static final String SINGLETON = "default";

  private Published() {}

  /**
   * Rebuilds the singleton {@code kind} from every object of {@code fromKind}: its field {@code
   * field} maps each object's name to {@code entry}'s view of the object's data; {@code rest} makes
   * the other fields from the map.
   */
  public static Result index(
      Context ctx,
      String fromKind,
      String kind,
      String field,
      Function<ObjectNode, JsonNode> entry,
      Function<ObjectNode, ObjectNode> rest) {
    List<StoredObject> objects = ctx.list(fromKind);
    ObjectNode index = Json.object();
    for (StoredObject object : objects) {
      index.set(object.name(), entry.apply(object.data()));
    }
    ObjectNode data = rest.apply(index);
    data.set(field, index);
    return Reconciling.publish(ctx, kind, SINGLETON, data);
  }
}
