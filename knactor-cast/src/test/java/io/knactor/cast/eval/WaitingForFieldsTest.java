package io.knactor.cast.eval;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * A rule waits for a missing field it always reads, and only for that: a field read under {@code
 * has()}, in a branch not taken, or on one side of {@code &&} does not hold the rule back, and a
 * real evaluation error still fails the rule with its message.
 */
class WaitingForFieldsTest {
  private static final CompiledCast CAST =
      Retail.compile(
          "waiting",
          """
            S.shipment:
              addr: C.order.address
              method: 'has(C.order.currency) ? C.order.currency : "none"'
              items: '[C.order.cost > 0.0 && C.order.address != "" ? "a" : "b"]'
            P.payment:
              currency: 'C.order.cost > 0.0 ? C.order.currency : "free"'
              amount: S.shipment.quote.price * 2.0
            C.order:
              trackingID: 'int(C.order.cost) / 0 > 1 ? "a" : "b"'
          """);

  private final CastEvaluator evaluator = new CastEvaluator("waiting");
  private final Objects store = new Objects();

  @Test
  void onlyFieldsTheExpressionAlwaysReadsHoldARuleBack() {
    Evaluation evaluation = evaluate("o-1", "{'cost':0}", "{'quote':{'currency':'EUR'}}");

    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .contains(
            "o-1 S.shipment.addr: PENDING (waiting for C.order.address)",
            "o-1 S.shipment.method: WRITTEN",
            "o-1 S.shipment.items: WRITTEN",
            "o-1 P.payment.currency: WRITTEN",
            "o-1 P.payment.amount: PENDING (waiting for S.shipment.quote.price)");
    assertThat(evaluation.writes())
        .extracting(w -> w.key().kind() + " " + Json.toString(w.data()))
        .contains(
            "Shipment {\"method\":\"none\",\"items\":[\"b\"]}", "Payment {\"currency\":\"free\"}");
  }

  @Test
  void aFieldReadInTheBranchTakenIsWaitedFor() {
    Evaluation evaluation = evaluate("o-2", "{'cost':5}", "{}");

    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .contains(
            "o-2 P.payment.currency: PENDING (waiting for C.order.currency)",
            "o-2 S.shipment.items: PENDING (waiting for C.order.address)",
            "o-2 P.payment.amount: PENDING (waiting for S.shipment.quote)");
  }

  @Test
  void anEvaluationErrorStillFailsTheRule() {
    store.put(CHECKOUT, "Order", "o-3", "{'cost':5,'address':'x','currency':'EUR'}");

    Evaluation evaluation = evaluator.evaluateKey(CAST, "o-3", store.view());

    assertThat(evaluation.outcomes())
        .filteredOn(o -> o.rule().toString().equals("C.order.trackingID"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(RuleOutcome.Status.FAILED);
              assertThat(o.detail()).startsWith("evaluation error: ").contains("by zero");
            });
  }

  /** Evaluates every rule of {@code key} over an order, a shipment and an empty payment. */
  private Evaluation evaluate(String key, String order, String shipment) {
    store.put(CHECKOUT, "Order", key, order);
    store.put(SHIPPING, "Shipment", key, shipment);
    store.put(PAYMENT, "Payment", key, "{}");
    return evaluator.evaluateKey(CAST, key, store.view());
  }
}
