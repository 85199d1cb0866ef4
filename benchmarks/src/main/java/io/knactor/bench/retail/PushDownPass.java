package io.knactor.bench.retail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.bench.report.Samples;
import io.knactor.cast.pushdown.PushDownPlan;
import io.knactor.cast.pushdown.PushDownTranslator;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.exchange.RulePushDown;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.retail.RetailApp;
import io.knactor.examples.retail.RetailSchemas;
import io.knactor.examples.retail.Revision;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The retail Cast pushed down into Redis, as far as it can be. The retail Cast (T2) as a whole is
 * not pushable ({@link PushDownTranslator} refuses most of its rules: macros, {@code
 * currency_convert}, built maps, double results, rules reading fields other rules fill), so the
 * server runs it in the Cast runtime. This pass installs the push-down plan of T2's pushable rules
 * (exactly the plan the translator makes of T2, the refused rules left out) on a server on Redis
 * with the app's schemas and stores but no knactors, writes orders as Checkout would (address and
 * cost) through the server's connection of the checkout principal, and times each from the start of
 * its commit until a watch of the Shipping store, connected as the shipping principal (as
 * Shipping's informer is), receives the Shipment the commit derived: the propagation of the rules
 * Redis evaluates inside the commit.
 */
final class PushDownPass {
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(30);
  private static final String ADMIN_TOKEN = "bench-pushdown-admin-token";

  /**
   * What the pass measured.
   *
   * @param pushed the rules of T2 pushed down, by target field
   * @param refused why each other rule of T2 is not: {@link PushDownPlan#describe}
   * @param propagation Checkout commit start → Shipping's watch receives the Shipment
   * @param commit the Checkout commit alone (it includes the pushed-down evaluation and writes)
   */
  record Result(List<String> pushed, String refused, Samples propagation, Samples commit) {}

  private PushDownPass() {}

  /** The plan of T2's pushable rules, compiled against the app's schemas. */
  static PushDownPlan plan() {
    Revision revision = Revision.T2;
    return PushDownTranslator.translate(
        RetailSchemas.checker(revision.shipping())
            .compile(AppFiles.read(revision.castFile()), revision.castFile()));
  }

  static Result run(URI redis, Path dir, int warmup, int measured, Consumer<String> progress)
      throws InterruptedException {
    PushDownPlan plan = plan();
    ObjectExchange backend = ObjectExchanges.open(redis);
    if (!(backend instanceof RulePushDown pushDown)) {
      backend.close();
      throw new IllegalStateException(redis + " does not push rules down");
    }
    try (KnactorServer server =
        KnactorServer.start(
            ServerConfig.builder().dataDir(dir).port(0).adminToken(ADMIN_TOKEN).build(), backend)) {
      List<String> files = new ArrayList<>(RetailSchemas.files(Revision.T2.shipping()));
      files.add(RetailApp.REGISTRATION);
      server.admin().apply(AppFiles.join(files));
      pushDown.installPushDown(RetailApp.CAST, plan.text());
      ObjectExchange checkout = server.connectAs("checkout");
      ObjectExchange shipping = server.connectAs("shipping");
      Samples propagation = new Samples();
      Samples commit = new Samples();
      progress.accept(
          "redis push-down: " + warmup + " warm-up and " + measured + " measured orders");
      try (Watch watch =
          shipping.watch(
              WatchRequest.of(Shipping.STORE, Shipping.SHIPMENT, shipping.currentVersion()))) {
        for (int i = 0; i < warmup + measured; i++) {
          String id = (i < warmup ? "w-" : "m-") + i;
          long start = System.nanoTime();
          checkout.commit(
              "checkout",
              Write.upsert(new ObjectKey(Checkout.STORE, Checkout.ORDER, id), order(id, i)));
          long committed = System.nanoTime();
          long arrival = awaitShipment(watch, id, n(i) > 1000 ? "air" : "ground");
          if (i >= warmup) {
            commit.add(committed - start);
            propagation.add(arrival - start);
          }
        }
      }
      List<String> pushed = new ArrayList<>();
      plan.json().path("rules").forEach(rule -> pushed.add(rule.path("rule").asText()));
      return new Result(pushed, plan.describe(), propagation, commit);
    }
  }

  /** An order as Checkout has priced it: what the pushed-down Shipment rules read. */
  private static ObjectNode order(String id, int n) {
    return Json.object()
        .put("userId", "u-" + id)
        .put("email", id + "@example.com")
        .put("address", "1 Main St, Springfield")
        .put("currency", "EUR")
        .put("cost", n(n))
        .put("status", Checkout.AWAITING_SHIPMENT);
  }

  /** The cost of the n-th order: every other one ships by air. */
  private static double n(int n) {
    return n % 2 == 0 ? 1250.5 : 80.25;
  }

  /**
   * Waits for the Shipment of order {@code id} with its method set; returns when it arrived. A
   * method other than {@code expected} (what the Cast runtime computes) fails the run.
   */
  private static long awaitShipment(Watch watch, String id, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      WatchEvent event = watch.poll(Duration.ofMillis(100));
      if (event != null
          && event.object().name().equals(id)
          && event.object().data().hasNonNull("method")) {
        long arrival = System.nanoTime();
        String method = event.object().data().path("method").asText();
        if (!method.equals(expected)) {
          throw new IllegalStateException(
              "the pushed-down Shipment of order "
                  + id
                  + " ships by "
                  + method
                  + ", not "
                  + expected);
        }
        return arrival;
      }
    }
    throw new IllegalStateException(
        "the pushed-down Shipment of order " + id + " did not arrive within " + ARRIVAL_TIMEOUT);
  }
}
