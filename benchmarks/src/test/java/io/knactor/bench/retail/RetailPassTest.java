package io.knactor.bench.retail;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.eval.Provenance;
import io.knactor.core.model.StoreRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retail harness measures what it says: every order completes, and the legs add up. */
class RetailPassTest {
  private static final StoreRef CHECKOUT =
      StoreRef.parse("OnlineRetail/v1/Checkout/knactor-checkout");

  @TempDir Path dir;

  @Test
  void everyMeasuredOrderCompletesAndItsLegsAddUpToItsPropagation() throws Exception {
    List<String> progress = new ArrayList<>();

    RetailPass.Result result =
        RetailPass.run(
            new RetailPass.Backend(RetailBenchmark.EMBEDDED, null),
            dir,
            2,
            5,
            true,
            20,
            progress::add);

    assertThat(result.breakdowns()).hasSize(5);
    assertThat(result.httpBreakdowns()).hasSize(5);
    assertThat(result.orderLatency().count()).isEqualTo(5);
    for (Breakdown b : result.breakdowns()) {
      assertThat(b.checkoutToIntegrator()).isPositive();
      assertThat(b.integrator()).isNotNegative();
      assertThat(b.integratorToShipping()).isPositive();
      assertThat(b.checkoutToIntegrator() + b.integrator() + b.integratorToShipping())
          .isEqualTo(b.total());
    }
    assertThat(result.httpShippingLeg().count()).isEqualTo(5);
    assertThat(result.throughputOrders()).isEqualTo(20);
    assertThat(result.throughputNanos()).isPositive();
    assertThat(result.warmupBurst().orders()).isEqualTo(4);
    assertThat(result.warmupBurst().nanos()).isPositive();
    assertThat(progress).anyMatch(line -> line.contains("20 orders at once"));
  }

  @Test
  void breakdownRunsBetweenTheFourStampsInOrder() {
    Breakdown b = Breakdown.of(100, 130, 180, 260);

    assertThat(b).isEqualTo(new Breakdown(30, 50, 80, false));
    assertThat(b.total()).isEqualTo(160);
  }

  @Test
  void aVersionTheCastReadBeforeItsWatchDeliveredItCountsAsReceivedAtTheShipmentsCommit() {
    Breakdown b = Breakdown.of(100, 200, 180, 260);

    assertThat(b).isEqualTo(new Breakdown(80, 0, 80, true));
    assertThat(b.total()).isEqualTo(160);
  }

  @Test
  void theCheckoutVersionReadIsTheNewestCheckoutSourceOfTheProvenance() {
    Map<String, String> annotations =
        new Provenance(
                "retail",
                3,
                Map.of(
                    "method",
                    new Provenance.FieldSource(
                        "S.shipment.method", Map.of(CHECKOUT + "/Order/o-1", 41L)),
                    "addr",
                    new Provenance.FieldSource(
                        "S.shipment.addr",
                        Map.of(
                            CHECKOUT + "/Order/o-1",
                            37L,
                            "OnlineRetail/v1/Payment/knactor-payment/Payment/o-1",
                            99L))))
            .toAnnotations();

    assertThat(Breakdown.checkoutSource(annotations, CHECKOUT)).hasValue(41);
    assertThat(Breakdown.checkoutSource(Map.of(), CHECKOUT)).isEmpty();
  }
}
