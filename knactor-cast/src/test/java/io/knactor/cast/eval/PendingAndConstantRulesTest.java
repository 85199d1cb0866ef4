package io.knactor.cast.eval;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoredObject;
import org.junit.jupiter.api.Test;

/**
 * A rule waits for every object it reads, even one its expression would skip this time; a rule that
 * reads nothing runs whenever its key is evaluated and never creates an object by itself.
 */
class PendingAndConstantRulesTest {
  private static final CompiledCast CAST =
      Retail.compile(
          "constant",
          """
            S.shipment:
              items: C.order.items.map(item, P.payment.currency + " " + item.name)
              addr: C.order.address
              method: '"ground"'
          """);

  private final CastEvaluator evaluator = new CastEvaluator("retail");
  private final Objects store = new Objects();

  @Test
  void anEmptyListDoesNotMakeAMissingInputOptional() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-1", "{'items':[]}");

    Evaluation evaluation = evaluator.evaluate(CAST, SourceChange.of(order), store.view());

    assertThat(evaluation.batch()).as("no shipment created from the order alone").isEmpty();
    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .contains("o-1 S.shipment.items: PENDING (waiting for P.payment)");
  }

  @Test
  void theRuleRunsOnceTheMissingObjectAppears() {
    store.put(CHECKOUT, "Order", "o-1", "{'items':[{'name':'lamp','quantity':1}]}");
    StoredObject payment = store.put(PAYMENT, "Payment", "o-1", "{'currency':'EUR'}");

    Evaluation evaluation = evaluator.evaluate(CAST, SourceChange.of(payment), store.view());

    assertThat(evaluation.writes())
        .extracting(w -> w.key().kind() + " " + Json.toString(w.data()))
        .containsExactly("Shipment {\"items\":[\"EUR lamp\"],\"method\":\"ground\"}");
  }

  @Test
  void aConstantFillsTheTargetThatTheOtherRulesCreate() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-2", "{'address':'1 Main St'}");

    Evaluation evaluation = evaluator.evaluate(CAST, SourceChange.of(order), store.view());

    assertThat(evaluation.writes())
        .extracting(w -> w.key() + " " + Json.toString(w.data()))
        .containsExactly(SHIPPING + "/Shipment/o-2 {\"addr\":\"1 Main St\",\"method\":\"ground\"}");
    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .endsWith("o-2 S.shipment.method: WRITTEN");
  }

  @Test
  void aConstantRunsOnAnyChangeOfItsKeyButCreatesNothingAlone() {
    StoredObject order = store.put(CHECKOUT, "Order", "o-3", "{'cost':10}");

    Evaluation alone = evaluator.evaluate(CAST, SourceChange.of(order), store.view());

    assertThat(alone.batch()).isEmpty();
    assertThat(alone.outcomes())
        .extracting(RuleOutcome::toString)
        .contains(
            "o-3 S.shipment.method: PENDING (waiting for "
                + SHIPPING
                + "/Shipment/o-3 (a rule that reads nothing creates no object))");

    StoredObject before = store.put(SHIPPING, "Shipment", "o-3", "{'items':[]}");
    StoredObject after = store.put(SHIPPING, "Shipment", "o-3", "{'items':[],'id':'t-1'}");
    Evaluation onShipment =
        evaluator.evaluate(CAST, SourceChange.updated(before, after), store.view());

    assertThat(onShipment.writes())
        .extracting(w -> Json.toString(w.data()))
        .containsExactly("{\"method\":\"ground\"}");
  }

  @Test
  void aResyncOfAKeyFillsTheConstantOfAnExistingTarget() {
    store.put(SHIPPING, "Shipment", "o-4", "{}");

    Evaluation evaluation = evaluator.evaluateKey(CAST, "o-4", store.view());

    assertThat(evaluation.writes())
        .extracting(w -> Json.toString(w.data()))
        .containsExactly("{\"method\":\"ground\"}");
  }
}
