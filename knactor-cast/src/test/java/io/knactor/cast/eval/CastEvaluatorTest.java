package io.knactor.cast.eval;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CastEvaluatorTest {
  private static final CompiledCast RETAIL = Retail.compiled().withRevision(3);
  private static final String ORDER =
      "{'items':[{'name':'lamp','quantity':1},{'name':'desk','quantity':2}],'address':'1 Main St',"
          + "'cost':1200,'totalCost':1250.5,'currency':'EUR'}";

  private final CastEvaluator evaluator = new CastEvaluator("cast:retail");
  private final Objects store = new Objects();

  @Test
  void orderCreatesItsPaymentAndShipmentInOneBatch() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-17", ORDER);

    Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(order), store.view());

    WriteBatch batch = evaluation.batch().orElseThrow();
    assertThat(batch.principal()).isEqualTo("cast:retail");
    assertThat(batch.writes())
        .extracting(
            w ->
                w.op() + " " + w.key() + " @" + w.expectedVersion() + " " + Json.toString(w.data()))
        .containsExactly(
            "PATCH_OR_CREATE "
                + PAYMENT
                + "/Payment/o-17 @0 {\"amount\":1250.5,\"currency\":\"EUR\"}",
            "PATCH_OR_CREATE "
                + SHIPPING
                + "/Shipment/o-17 @0"
                + " {\"items\":[\"lamp\",\"desk\"],\"addr\":\"1 Main St\",\"method\":\"air\"}");
    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .containsExactly(
            "o-17 C.order.shippingCost: PENDING (waiting for S.shipment)",
            "o-17 P.payment.amount: WRITTEN",
            "o-17 P.payment.currency: WRITTEN",
            "o-17 S.shipment.items: WRITTEN",
            "o-17 S.shipment.addr: WRITTEN",
            "o-17 S.shipment.method: WRITTEN");
  }

  @ParameterizedTest(name = "an order costing {0} ships by {1}")
  @CsvSource({"1200, air", "1000.5, air", "1000, ground", "300, ground"})
  void shippingMethodPolicyChoosesAirAboveAThousand(String cost, String method) {
    StoredObject order =
        store.put(CHECKOUT, "Order", "o-1", "{'cost':" + cost + ",'currency':'USD'}");

    Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(order), store.view());

    Write shipment = evaluation.writes().get(evaluation.writes().size() - 1);
    assertThat(shipment.key().kind()).isEqualTo("Shipment");
    assertThat(shipment.data().get("method").asText()).isEqualTo(method);
  }

  @Test
  void aSecondIdenticalEvaluationWritesNothing() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-17", ORDER);
    store.apply(evaluator.evaluate(RETAIL, SourceChange.of(order), store.view()).writes());

    Evaluation again = evaluator.evaluate(RETAIL, SourceChange.of(order), store.view());

    assertThat(again.batch()).isEmpty();
    assertThat(again.withStatus(RuleOutcome.Status.UNCHANGED)).hasSize(5);
  }

  @Test
  void shipmentAndPaymentFillTheOrderOnceTheyExist() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-17", ORDER);
    store.apply(evaluator.evaluate(RETAIL, SourceChange.of(order), store.view()).writes());
    StoredObject shipmentBefore = store.get(SHIPPING, "Shipment", "o-17");
    StoredObject shipment =
        store.put(
            SHIPPING,
            "Shipment",
            "o-17",
            "{'items':['lamp','desk'],'addr':'1 Main St','method':'air','id':'track-9',"
                + "'quote':{'price':30,'currency':'USD'}}");

    Evaluation evaluation =
        evaluator.evaluate(RETAIL, SourceChange.updated(shipmentBefore, shipment), store.view());

    long orderVersion = store.get(CHECKOUT, "Order", "o-17").resourceVersion();
    assertThat(evaluation.writes()).hasSize(1);
    Write write = evaluation.writes().get(0);
    assertThat(write.key().toString()).isEqualTo(CHECKOUT + "/Order/o-17");
    assertThat(write.op()).isEqualTo(Write.Op.PATCH_OR_CREATE);
    assertThat(write.expectedVersion()).isEqualTo(orderVersion);
    assertThat(Json.toString(write.data()))
        .isEqualTo("{\"shippingCost\":15.0,\"trackingID\":\"track-9\"}");
    assertThat(write.annotations())
        .containsEntry(Provenance.INTEGRATOR, "retail")
        .containsEntry(Provenance.REVISION, "3");
    Provenance provenance = Provenance.fromAnnotations(write.annotations()).orElseThrow();
    assertThat(provenance.fields().get("trackingID"))
        .isEqualTo(
            new Provenance.FieldSource(
                "C.order.trackingID",
                Map.of(SHIPPING + "/Shipment/o-17", shipment.resourceVersion())));
    assertThat(provenance.fields().get("shippingCost").sources())
        .containsOnlyKeys(SHIPPING + "/Shipment/o-17", CHECKOUT + "/Order/o-17");

    store.apply(evaluation.writes());
    StoredObject payment = store.get(PAYMENT, "Payment", "o-17");
    StoredObject paid =
        store.put(PAYMENT, "Payment", "o-17", "{'amount':1250.5,'currency':'EUR','id':'pay-1'}");
    Evaluation paidEvaluation =
        evaluator.evaluate(RETAIL, SourceChange.updated(payment, paid), store.view());
    assertThat(paidEvaluation.writes())
        .extracting(w -> Json.toString(w.data()))
        .containsExactly("{\"paymentID\":\"pay-1\"}");
  }

  @Test
  void onlyRulesReadingTheChangedFieldRun() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-17", ORDER);
    store.apply(evaluator.evaluate(RETAIL, SourceChange.of(order), store.view()).writes());
    StoredObject before = store.get(CHECKOUT, "Order", "o-17");
    StoredObject cheaper =
        store.put(CHECKOUT, "Order", "o-17", Json.toString(before.data()).replace("1200", "300"));

    Evaluation evaluation =
        evaluator.evaluate(RETAIL, SourceChange.updated(before, cheaper), store.view());

    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .containsExactly("o-17 S.shipment.method: WRITTEN");
    assertThat(evaluation.writes())
        .extracting(w -> Json.toString(w.data()))
        .containsExactly("{\"method\":\"ground\"}");
  }

  @Test
  void pendingFieldIsEvaluatedAgainWhenItsInputAppears() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-17", ORDER);
    StoredObject shipment = store.put(SHIPPING, "Shipment", "o-17", "{'id':'track-9'}");

    Evaluation withoutQuote = evaluator.evaluate(RETAIL, SourceChange.of(shipment), store.view());
    store.apply(withoutQuote.writes());
    StoredObject quoted =
        store.put(
            SHIPPING, "Shipment", "o-17", "{'id':'track-9','quote':{'price':8,'currency':'GBP'}}");
    Evaluation withQuote =
        evaluator.evaluate(RETAIL, SourceChange.updated(shipment, quoted), store.view());

    assertThat(withoutQuote.outcomes())
        .extracting(RuleOutcome::toString)
        .containsExactly(
            "o-17 C.order.shippingCost: PENDING (waiting for S.shipment.quote)",
            "o-17 C.order.trackingID: WRITTEN");
    assertThat(withQuote.outcomes())
        .extracting(RuleOutcome::toString)
        .containsExactly("o-17 C.order.shippingCost: WRITTEN");
    assertThat(withQuote.writes().get(0).data().get("shippingCost").asDouble()).isEqualTo(16.0);
    assertThat(order.data().has("shippingCost")).isFalse();
  }

  @Test
  void aThrowingFunctionFailsOnlyItsFieldForThatKey() {
    store.put(CHECKOUT, "Order", "o-17", ORDER);
    StoredObject shipment =
        store.put(
            SHIPPING, "Shipment", "o-17", "{'id':'track-9','quote':{'price':8,'currency':'XXX'}}");

    Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(shipment), store.view());

    assertThat(evaluation.failed())
        .extracting(RuleOutcome::toString)
        .containsExactly(
            "o-17 C.order.shippingCost: FAILED (currency_convert failed: no exchange rate for XXX)");
    assertThat(evaluation.writes())
        .extracting(w -> Json.toString(w.data()))
        .containsExactly("{\"trackingID\":\"track-9\"}");
  }

  @Test
  void numbersThatAreEqualByValueAreNotAChange() {
    StoredObject order =
        store.put(CHECKOUT, "Order", "o-2", "{'cost':10,'totalCost':100,'currency':'USD'}");
    store.put(PAYMENT, "Payment", "o-2", "{'amount':100.0,'currency':'USD'}");

    Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(order), store.view());

    assertThat(evaluation.writes())
        .extracting(w -> w.key().kind() + " " + Json.toString(w.data()))
        .containsExactly("Shipment {\"method\":\"ground\"}");
    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .contains("o-2 P.payment.amount: UNCHANGED", "o-2 P.payment.currency: UNCHANGED");
  }

  @Test
  void deletingASourceRetractsNothing() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-17", ORDER);
    store.apply(evaluator.evaluate(RETAIL, SourceChange.of(order), store.view()).writes());

    Evaluation evaluation =
        evaluator.evaluate(RETAIL, SourceChange.deleted(order), ObjectView.of(List.of()));

    assertThat(evaluation.batch()).isEmpty();
    assertThat(evaluation.outcomes())
        .extracting(o -> o.status().toString())
        .containsOnly("PENDING");
  }

  @Test
  void aNewerObjectInTheViewWinsOverAnOlderChange() {
    StoredObject stale = store.put(CHECKOUT, "Order", "o-5", "{'cost':10,'currency':'USD'}");
    StoredObject fresh = store.put(CHECKOUT, "Order", "o-5", "{'cost':5000,'currency':'USD'}");

    Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(stale), store.view());

    assertThat(fresh.resourceVersion()).isGreaterThan(stale.resourceVersion());
    assertThat(
            evaluation.writes().get(evaluation.writes().size() - 1).data().get("method").asText())
        .isEqualTo("air");
  }

  @Test
  void unrelatedObjectsAndKindsCauseNoWork() {
    StoredObject other = store.put(CHECKOUT, "Note", "n-1", "{'body':'hi'}");

    Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(other), store.view());

    assertThat(evaluation.outcomes()).isEmpty();
    assertThat(evaluation.batch()).isEmpty();
  }
}
