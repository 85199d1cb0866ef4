package io.knactor.server.access;

import static io.knactor.server.testing.RetailFixture.CHECKOUT_TOKEN;
import static io.knactor.server.testing.RetailFixture.INTEGRATOR_TOKEN;
import static io.knactor.server.testing.RetailFixture.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A knactor rewriting whole objects from stale reads while an integrator fills the external field:
 * the checks pin the version they checked, so no write of the knactor ever changes the field.
 */
class ExternalFieldRaceTest {
  @TempDir Path dir;

  @Test
  void knactorNeverChangesAnExternalFieldUnderConcurrentIntegratorWrites() {
    try (KnactorServer server = TestServers.start(dir)) {
      RetailFixture.apply(server);
      ObjectExchange checkout = server.connect(CHECKOUT_TOKEN);
      ObjectExchange integrator = server.connect(INTEGRATOR_TOKEN);
      checkout.commit("x", Write.create(order("o-1"), Json.parseObject("{\"cost\":0}", "t")));
      AtomicInteger knactorWrites = new AtomicInteger();

      CompletableFuture<Void> knactor =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 1; i <= 150; i++) {
                  ObjectNode seen = checkout.get(order("o-1")).orElseThrow().data().deepCopy();
                  seen.put("cost", i);
                  try {
                    checkout.commit("x", Write.replace(order("o-1"), Write.ANY_VERSION, seen));
                    knactorWrites.incrementAndGet();
                  } catch (ForbiddenException stale) {
                    // It read a shippingCost that changed since: refusing is the point.
                  } catch (ConflictException lost) {
                    // The access checks lost every race with the integrator (a loaded machine):
                    // the server says retry later, and this knactor simply reads again.
                  }
                }
              });
      CompletableFuture<Void> cast =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 1; i <= 150; i++) {
                  Write fill =
                      Write.patch(
                          order("o-1"),
                          Write.ANY_VERSION,
                          Json.parseObject("{\"shippingCost\":" + i + "}", "t"));
                  commitUntilAccepted(integrator, fill);
                }
              });
      CompletableFuture.allOf(knactor, cast).join();

      List<ObjectRevision> history = checkout.history(order("o-1"));
      for (int i = 1; i < history.size(); i++) {
        ObjectRevision revision = history.get(i);
        if (revision.principal().equals("checkout")) {
          assertThat(
                  Objects.equals(
                      revision.data().get("shippingCost"),
                      history.get(i - 1).data().get("shippingCost")))
              .as("revision %s by checkout keeps shippingCost", revision.resourceVersion())
              .isTrue();
        }
      }
      assertThat(knactorWrites.get()).isPositive();
      assertThat(checkout.get(order("o-1")).orElseThrow().data().get("shippingCost").asInt())
          .isEqualTo(150);
    }
  }

  /** Retries a write the server answered with "kept changing; retry later", as integrators do. */
  private static void commitUntilAccepted(ObjectExchange exchange, Write write) {
    while (true) {
      try {
        exchange.commit("x", write);
        return;
      } catch (ConflictException lost) {
        // Lost every race with the knactor this time; the write itself is still wanted.
      }
    }
  }
}
