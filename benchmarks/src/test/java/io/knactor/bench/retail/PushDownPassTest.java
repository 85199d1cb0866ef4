package io.knactor.bench.retail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push-down pass pushes T2's pushable rules down, says why the others are not, and times every
 * measured order (it fails when a pushed-down Shipment ships by another method than the runtime's).
 */
class PushDownPassTest {
  @TempDir Path dir;

  @Test
  void theShipmentRulesOfT2ArePushedDownAndEveryMeasuredOrderIsTimed() throws Exception {
    assumeThat(BackendProcess.installed("redis-server")).as("redis-server installed").isTrue();
    List<String> progress = new ArrayList<>();

    PushDownPass.Result result;
    try (BackendProcess redis = BackendProcess.redis(dir.resolve("redis"))) {
      result = PushDownPass.run(redis.uri(), dir.resolve("server"), 2, 5, progress::add);
    }

    assertThat(result.pushed()).contains("S.shipment.addr", "S.shipment.method");
    assertThat(result.refused())
        .contains("S.shipment.items: reads C.order.items, which the rule C.order.items fills")
        .contains("C.order.shippingCost");
    assertThat(result.propagation().count()).isEqualTo(5);
    assertThat(result.commit().count()).isEqualTo(5);
    assertThat(result.propagation().percentile(50))
        .isGreaterThanOrEqualTo(result.commit().percentile(50));
  }
}
