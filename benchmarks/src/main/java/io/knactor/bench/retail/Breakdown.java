package io.knactor.bench.retail;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.cast.eval.Provenance;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.util.Iterator;
import java.util.Map;
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
 *
 * <p>The Cast reads the current state of the objects it evaluates, so it may read a Checkout
 * version before its watch delivers it (an evaluation started by an earlier event): {@code
 * readAhead}. Its receipt is then taken as the start of the Shipment's commit (integrator 0), the
 * latest moment it can have had the version, and the legs still add up to the measured total.
 */
record Breakdown(
    long checkoutToIntegrator, long integrator, long integratorToShipping, boolean readAhead) {
  long total() {
    return checkoutToIntegrator + integrator + integratorToShipping;
  }

  /** The breakdown from the four stamps, in time order. */
  static Breakdown of(
      long checkoutCommit, long integratorReceipt, long shipmentCommit, long shippingReceipt) {
    boolean readAhead = integratorReceipt > shipmentCommit;
    long receipt = readAhead ? shipmentCommit : integratorReceipt;
    return new Breakdown(
        receipt - checkoutCommit,
        shipmentCommit - receipt,
        shippingReceipt - shipmentCommit,
        readAhead);
  }

  /**
   * The breakdown of the order {@code name} from the probe's stamps.
   *
   * @throws IllegalStateException naming the stamp that is missing (the order was not recorded, or
   *     the Cast's provenance names no Checkout version)
   */
  static Breakdown of(TimedExchange probe, StoreRef checkout, String name) {
    TimedExchange.ShipmentWrite shipment =
        probe
            .firstShipmentWrite(name)
            .orElseThrow(() -> missing(name, "no integrator write of its Shipment with a method"));
    long order =
        checkoutSource(shipment.annotations(), checkout)
            .orElseThrow(
                () ->
                    missing(
                        name,
                        "the Shipment write names no Checkout source: " + shipment.annotations()));
    return of(
        probe
            .commitStart(order)
            .orElseThrow(() -> missing(name, "no commit stamp of Checkout version " + order)),
        probe
            .integratorArrival(order)
            .orElseThrow(() -> missing(name, "the Cast's watch did not stamp version " + order)),
        shipment.commitStart(),
        probe
            .shippingArrival(shipment.version())
            .orElseThrow(
                () ->
                    missing(
                        name, "Shipping's informer did not stamp version " + shipment.version())));
  }

  private static IllegalStateException missing(String name, String what) {
    return new IllegalStateException(
        "order " + name + " completed but its propagation was not stamped: " + what);
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
