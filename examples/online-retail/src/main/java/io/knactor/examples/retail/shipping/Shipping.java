package io.knactor.examples.retail.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.kit.Reconciling;
import io.knactor.examples.retail.domain.Shipments;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;

/**
 * The Shipping knactor: a {@code Shipment} per key. Once it has items, an address and a method
 * (external), it quotes the price, once; once a payment covers it (the external {@code payment}),
 * it is dispatched and gets its tracking {@code id}. It names no other service.
 *
 * <p>Two releases exist: {@link Release#R1} stores the address as {@code addr} ({@code
 * schemas/shipping.yaml}); {@link Release#R2}, the paper's task T3, renamed it {@code address}
 * ({@code schemas/shipping-r2.yaml}).
 */
public final class Shipping {
  public static final StoreRef STORE = StoreRef.parse("OnlineRetail/v1/Shipping/knactor-shipping");
  public static final String SHIPMENT = "Shipment";

  /** A release of the service, with the schema it registers. */
  public enum Release {
    R1("addr", "schemas/shipping.yaml"),
    R2("address", "schemas/shipping-r2.yaml");

    private final String addressField;
    private final String schemaFile;

    Release(String addressField, String schemaFile) {
      this.addressField = addressField;
      this.schemaFile = schemaFile;
    }

    /** The schema file of this release, on the classpath and in {@code examples/online-retail}. */
    public String schemaFile() {
      return schemaFile;
    }
  }

  private Shipping() {}

  public static Knactor knactor(ObjectExchange connection, Release release) {
    return Knactor.builder(STORE, connection)
        .on(SHIPMENT, (ctx, event) -> reconcile(ctx, event, release))
        .build();
  }

  /**
   * The data migration of release {@link Release#R2}, run by an admin once its schema is applied:
   * every stored shipment that still has {@code addr} gets it as {@code address} instead, so that
   * shipments in flight stay valid under the new schema and can be completed. (A knactor may not
   * change the external fields of its own store, hence an admin.)
   *
   * @return how many shipments were migrated
   */
  public static int renameAddr(ObjectExchange admin) {
    int migrated = 0;
    for (StoredObject shipment : admin.list(ListRequest.of(STORE, SHIPMENT)).items()) {
      for (StoredObject current = shipment; current != null && current.data().has("addr"); ) {
        ObjectNode patch = Json.object().putNull("addr");
        if (!current.data().hasNonNull("address")) {
          patch.set("address", current.data().get("addr"));
        }
        try {
          admin.commit(
              WriteBatch.of("admin", Write.patch(current.key(), current.resourceVersion(), patch)));
          migrated++;
          current = null;
        } catch (ConflictException e) {
          current = admin.get(current.key()).orElse(null);
        }
      }
    }
    return migrated;
  }

  /**
   * Quotes a shipment once, when it first has items, an address and a method: the quote records the
   * method it was made for and never changes, so that a later change of policy (a new Cast
   * revision) cannot change the price of an order that may already be charged. Dispatches once a
   * payment covers it.
   */
  static Result reconcile(Context ctx, Event event, Release release) {
    JsonNode shipment = event.data();
    String address = Reconciling.text(shipment, release.addressField);
    if (event.isDeleted() || shipment.hasNonNull("id") || address == null) {
      return Result.done();
    }
    ObjectNode desired = Json.object();
    if (!shipment.has("quote")) {
      String method = Reconciling.text(shipment, "method");
      if (method == null || shipment.path("items").isEmpty()) {
        return Result.done();
      }
      desired
          .putObject("quote")
          .put("price", Shipments.quote(shipment.get("items").size(), method))
          .put("currency", Shipments.QUOTE_CURRENCY)
          .put("method", method);
      desired.put("status", "quoted");
    }
    if (Reconciling.text(shipment, "payment") != null) {
      desired.put("id", Shipments.trackingId(event.name(), address));
      desired.put("status", "shipped");
    }
    return Reconciling.patchChanged(ctx, event, desired);
  }
}
