package io.knactor.cast.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PushDownTranslatorTest {
  @Test
  void theRetailCastPushesCopiesAndTheConditionalAndSaysWhyNotTheRest() {
    PushDownPlan plan = PushDownTranslator.translate(Retail.compiled());
    Map<String, String> refused =
        plan.refused().entrySet().stream()
            .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue));
    assertThat(plan.complete()).isFalse();
    assertThat(refused)
        .containsEntry("S.shipment.items", "uses a macro (map, filter, exists, ...)")
        .containsEntry("C.order.shippingCost", "reads 'this', the target object")
        .containsEntry(
            "P.payment.amount", "yields a double, which CEL formats its own way (5 becomes 5.0)")
        .doesNotContainKeys("S.shipment.addr", "S.shipment.method", "C.order.paymentID");
    assertThat(plan.json().toString())
        .contains(
            "{\"rule\":\"S.shipment.method\",\"path\":[\"method\"],"
                + "\"target\":{\"store\":\"OnlineRetail/v1/Shipping/knactor-shipping\","
                + "\"kind\":\"Shipment\"},"
                + "\"inputs\":[{\"store\":\"OnlineRetail/v1/Checkout/knactor-checkout\","
                + "\"kind\":\"Order\"}],"
                + "\"expr\":{\"op\":\"cond\",\"args\":[{\"op\":\">\",\"args\":["
                + "{\"op\":\"field\",\"input\":0,\"path\":[\"cost\"],\"type\":\"double\"},"
                + "{\"op\":\"lit\",\"type\":\"double\",\"json\":\"1000.0\"}]},"
                + "{\"op\":\"lit\",\"type\":\"string\",\"json\":\"\\\"air\\\"\"},"
                + "{\"op\":\"lit\",\"type\":\"string\",\"json\":\"\\\"ground\\\"\"}]}}");
    assertThat(plan.describe()).contains("not: ").contains("S.shipment.items: uses a macro");
  }

  @Test
  void aConstantRuleIsNotPushedDownSinceNoSourceWriteWouldTriggerIt() {
    PushDownPlan plan =
        PushDownTranslator.translate(
            Retail.checker()
                .compile(
                    Retail.SPEC.replace("addr: C.order.address", "addr: '\"nowhere\"'"),
                    "retail.cast.yaml"));
    assertThat(plan.refused().toString())
        .contains("S.shipment.addr=reads no input object (a constant)");
  }
}
