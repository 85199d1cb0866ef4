package io.knactor.cast.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.KindRef;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CastPlanTest {
  private static final CastPlan RETAIL = Retail.compiled().plan();

  @ParameterizedTest(name = "a change to {0} {1} re-evaluates {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "*",
      textBlock =
          """
          C.order    | cost             | S.shipment.method
          C.order    | currency         | C.order.shippingCost,P.payment.currency
          C.order    | items            | S.shipment.items
          C.order    | paymentID        |
          C.order    | *                | C.order.shippingCost,P.payment.amount,P.payment.currency,S.shipment.items,S.shipment.addr,S.shipment.method
          S.shipment | quote            | C.order.shippingCost
          S.shipment | quote.price      | C.order.shippingCost
          S.shipment | id               | C.order.trackingID
          S.shipment | method           |
          P.payment  | *                | C.order.paymentID
          """)
  void reEvaluatesOnlyRulesThatReadTheChangedField(String kind, String path, String rules) {
    KindRef ref = KindRef.parseOrNull(kind);

    List<FieldRef> affected = RETAIL.affectedBy(ref, path == null ? null : Set.of(path));

    assertThat(affected.stream().map(FieldRef::toString).toList())
        .containsExactlyElementsOf(rules == null ? List.of() : Arrays.asList(rules.split(",")));
  }

  @Test
  void mapsEverySourceFieldToTheTargetsItFeeds() {
    assertThat(RETAIL.feeds().toString())
        .isEqualTo(
            "{C.order.address=[S.shipment.addr], C.order.cost=[S.shipment.method],"
                + " C.order.currency=[C.order.shippingCost, P.payment.currency],"
                + " C.order.items=[S.shipment.items], C.order.totalCost=[P.payment.amount],"
                + " P.payment.id=[C.order.paymentID], S.shipment.id=[C.order.trackingID],"
                + " S.shipment.quote.currency=[C.order.shippingCost],"
                + " S.shipment.quote.price=[C.order.shippingCost]}");
  }

  @Test
  void aChangeAlsoReEvaluatesRulesDownstreamOfTheRulesItTriggers() {
    KindRef a = new KindRef("A", "thing");
    Map<FieldRef, List<FieldRef>> reads = new LinkedHashMap<>();
    reads.put(a.field("total"), List.of(a.field("subtotal")));
    reads.put(a.field("subtotal"), List.of(a.field("price")));
    reads.put(a.field("label"), List.of(a.field("name")));
    CastPlan plan = CastPlan.of(reads);

    assertThat(plan.affectedBy(a, Set.of("price")))
        .containsExactly(a.field("subtotal"), a.field("total"));
    assertThat(plan.evaluationOrder())
        .containsExactly(a.field("subtotal"), a.field("total"), a.field("label"));
    assertThat(plan.cycles()).isEmpty();
  }

  @Test
  void readingAnObjectWholeDependsOnEveryFieldOfIt() {
    KindRef a = new KindRef("A", "thing");
    KindRef b = new KindRef("B", "copy");
    Map<FieldRef, List<FieldRef>> reads = new LinkedHashMap<>();
    reads.put(b.field("snapshot"), List.of(a.field("")));
    reads.put(a.field("echo"), List.of(b.field("snapshot")));
    CastPlan plan = CastPlan.of(reads);

    assertThat(plan.cycles())
        .containsExactly(List.of(b.field("snapshot"), a.field("echo"), b.field("snapshot")));
  }
}
