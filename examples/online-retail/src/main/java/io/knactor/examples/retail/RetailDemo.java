package io.knactor.examples.retail;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.kit.DemoLifecycle;
import io.knactor.examples.kit.DemoOptions;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.server.KnactorServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The online-retail demo: starts a Knactor server on the embedded exchange with the seven knactors
 * in this JVM, applies the schemas, the registration and the retail Cast (revision T2: Payment and
 * Shipping integrated, air over 1000), places orders through the storefront, prints each order's
 * final state and the {@code bin/knactor} commands to inspect it.
 *
 * <pre>
 * RetailDemo [--orders N] [--port P] [--data-dir DIR] [--objects URI] [--logs URI] [--keep-running]
 * </pre>
 *
 * Defaults: 10 orders, port 8080, a new temporary data directory, both exchanges embedded in it
 * ({@link DemoOptions}: {@code --objects redis://HOST:PORT} and so on run it on another backend);
 * without {@code --keep-running} it stops once every order is final.
 */
public final class RetailDemo {
  private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);

  private RetailDemo() {}

  static final String ORDERS = "--orders";

  static DemoOptions parse(String[] args) {
    return DemoOptions.parse("RetailDemo", args, Map.of(ORDERS, 10));
  }

  public static void main(String[] args) throws Exception {
    DemoOptions options = parse(args);
    String token = DemoOptions.adminToken("retail");
    RetailApp app =
        RetailApp.start(KnactorServer.start(options.serverConfig(token)), token, Revision.T2);
    DemoLifecycle.run(
        app,
        options.keepRunning(),
        () -> printHowToInspect(app, options, run(app, options, System.out), System.out));
  }

  /** Places the orders, prints progress, waits for each to be final and prints its state. */
  static List<String> run(RetailApp app, DemoOptions options, PrintStream out)
      throws InterruptedException {
    out.println(
        "Online retail running: Knactor server at "
            + app.server().uri()
            + ", data in "
            + options.dataDir().toAbsolutePath()
            + " ("
            + options.describeExchanges()
            + ")");
    out.println("Cast retail revision " + app.revision() + " (" + app.revision().castFile() + ")");
    String run = Long.toString(Instant.now().getEpochSecond(), 36);
    Storefront front = app.storefront();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= options.count(ORDERS); i++) {
      String id = "o-" + run + "-" + i;
      front.placeOrder(id, lines(i), form(i));
      ids.add(id);
      out.printf("placed %d/%d: %s%n", i, options.count(ORDERS), id);
    }
    int done = 0;
    for (String id : ids) {
      String status = awaitFinal(front, id);
      done++;
      JsonNode order = front.order(id).map(StoredObject::data).orElseThrow();
      JsonNode shipment =
          app.knactor("shipping")
              .context()
              .get(Shipping.SHIPMENT, id)
              .map(StoredObject::data)
              .orElse(null);
      out.printf(
          "final %d/%d: %s %s total %.2f %s, shipped by %s, payment %s, tracking %s%n",
          done,
          ids.size(),
          id,
          status,
          order.path("totalCost").asDouble(),
          order.path("currency").asText(),
          shipment == null ? "-" : shipment.at("/quote/method").asText("-"),
          order.path("paymentID").asText("-"),
          order.path("trackingID").asText("-"));
    }
    return ids;
  }

  private static String awaitFinal(Storefront front, String id) throws InterruptedException {
    long deadline = System.nanoTime() + ORDER_TIMEOUT.toNanos();
    while (true) {
      String status = front.status(id).orElse("");
      if (Checkout.isFinal(status)) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "order " + id + " is still '" + status + "' after " + ORDER_TIMEOUT);
      }
      Thread.sleep(20);
    }
  }

  /** Every third order is large (eleven watches: air); the others are small (ground). */
  private static List<Storefront.Line> lines(int i) {
    return i % 3 == 0
        ? List.of(new Storefront.Line("1YMWWN1N4O", 11))
        : List.of(new Storefront.Line("1YMWWN1N4O", 1), new Storefront.Line("6E92ZMYYFZ", i));
  }

  private static Checkout.OrderForm form(int i) {
    return new Checkout.OrderForm(
        "user-" + i,
        "shopper" + i + "@example.com",
        i + " Main St, Springfield",
        i % 2 == 0 ? "USD" : "EUR",
        "4432801561520454",
        672,
        2099,
        1);
  }

  static void printHowToInspect(
      RetailApp app, DemoOptions options, List<String> ids, PrintStream out) {
    String id = ids.get(0);
    out.println();
    out.println("Look at the states from another terminal:");
    out.println("  export KNACTOR_SERVER=" + app.server().uri());
    out.println("  export KNACTOR_TOKEN=" + app.adminToken());
    out.println("  bin/knactor get " + Checkout.STORE + " " + Checkout.ORDER + " " + id);
    out.println("  bin/knactor get " + Shipping.STORE + " " + Shipping.SHIPMENT + " " + id);
    out.println("  bin/knactor history " + Checkout.STORE + " " + Checkout.ORDER + " " + id);
    out.println("  bin/knactor get cast " + RetailApp.CAST);
    out.println("  bin/knactor rollout history " + RetailApp.CAST);
    out.println("Apply the paper's tasks by hand: see examples/online-retail/README.md.");
    if (!options.keepRunning()) {
      out.println("(the server stops now; run with --keep-running to keep it up)");
    }
  }
}
