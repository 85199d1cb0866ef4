package io.knactor.bench.retail;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cast.eval.Provenance;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The paper's breakdown of one order's propagation from Checkout to Shipping, in nanoseconds. Each
 * leg runs between two stamps of the same clock, so the legs add up to the total exactly:
 *
 * <ul>
 *   <li>checkout-to-integrator: from the start of the commit of the Checkout version the Cast read
 *       to the Cast runtime's receipt of that version (the commit and the watch notification);
 *   <li>integrator: from that receipt to the start of the commit of the Shipment (evaluation);
 *   <li>integrator-to-shipping: from the start of the Shipment's commit to Shipping's informer's
 *       receipt of it (the commit and the watch notification);
 * </ul>
 *
 * The total is the propagation: from the Checkout write to Shipping seeing the shipment it implies.
 */
record Breakdown(long checkoutToIntegrator, long integrator, long integratorToShipping) {
  long total() {
    return checkoutToIntegrator + integrator + integratorToShipping;
  }

  /** The breakdown from the four stamps, in time order. */
  static Breakdown of(
      long checkoutCommit, long integratorReceipt, long shipmentCommit, long shippingReceipt) {
    return new Breakdown(
        integratorReceipt - checkoutCommit,
        shipmentCommit - integratorReceipt,
        shippingReceipt - shipmentCommit);
  }

  /**
   * The breakdown of the order {@code name} from the probe's stamps, or empty when a stamp is
   * missing (the order was not recorded, or the Cast's provenance names no Checkout version).
   */
  static Optional<Breakdown> of(TimedExchange probe, StoreRef checkout, String name) {
    Optional<TimedExchange.ShipmentWrite> shipment = probe.firstShipmentWrite(name);
    if (shipment.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong order = checkoutSource(shipment.get().annotations(), checkout);
    if (order.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> orderCommit = probe.commitStart(order.getAsLong());
    Optional<Long> integratorReceipt = probe.integratorArrival(order.getAsLong());
    Optional<Long> shippingReceipt = probe.shippingArrival(shipment.get().version());
    if (orderCommit.isEmpty() || integratorReceipt.isEmpty() || shippingReceipt.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        of(
            orderCommit.get(),
            integratorReceipt.get(),
            shipment.get().commitStart(),
            shippingReceipt.get()));
  }

  /**
   * The newest version of a Checkout object that the write's provenance says a rule read: the
   * Checkout change the shipment write answers.
   */
  static OptionalLong checkoutSource(Map<String, String> annotations, StoreRef checkout) {
    String fields = annotations.get(Provenance.FIELDS);
    if (fields == null) {
      return OptionalLong.empty();
    }
    String prefix = checkout + "/";
    long newest = -1;
    for (JsonNode field : Json.parseObject(fields, Provenance.FIELDS)) {
      Iterator<Map.Entry<String, JsonNode>> sources = field.path("sources").fields();
      while (sources.hasNext()) {
        Map.Entry<String, JsonNode> source = sources.next();
        if (source.getKey().startsWith(prefix)) {
          newest = Math.max(newest, source.getValue().asLong());
        }
      }
    }
    return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
  }
}
