package io.knactor.examples.retail;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.kit.HostedKnactors;
import io.knactor.examples.retail.cart.Cart;
import io.knactor.examples.retail.catalog.ProductCatalog;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.currency.Currency;
import io.knactor.examples.retail.email.Email;
import io.knactor.examples.retail.payment.Payment;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.http.AdminClient;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The online-retail app in one JVM: a Knactor server, the seven knactors each connected as its own
 * principal to its own store, and the retail Cast, run by the server, at a {@link Revision}. {@link
 * #advanceTo} applies the next task live by applying the next Cast revision; only T3, which changes
 * Shipping's own schema, also redeploys Shipping. No other knactor is touched.
 */
public final class RetailApp implements AutoCloseable {
  /** The registration of principals and stores, applied after the schemas. */
  public static final String REGISTRATION = "knactors.yaml";

  /** The name of the retail Cast, which is also its integrator principal. */
  public static final String CAST = "retail";

  private final KnactorServer server;
  private final HostedKnactors hosted;
  private final Clock clock;
  private Revision revision;

  private RetailApp(KnactorServer server, String adminToken, Clock clock) {
    this.server = server;
    this.hosted = new HostedKnactors(server, adminToken);
    this.clock = clock;
  }

  /**
   * Starts the server on {@code port} (0 for a free one) with its state in {@code dataDir},
   * registers the app and applies the Cast of {@code revision} (one apply request), starts the
   * knactors and loads the catalog and the rates.
   */
  public static RetailApp start(Path dataDir, int port, String adminToken, Revision revision)
      throws InterruptedException {
    return start(
        KnactorServer.start(
            ServerConfig.builder()
                .dataDir(dataDir.toAbsolutePath())
                .port(port)
                .adminToken(adminToken)
                .build()),
        adminToken,
        revision);
  }

  /**
   * As {@link #start(Path, int, String, Revision)}, on a server the caller started (e.g. on another
   * backend, or on an exchange it keeps a handle on) with {@code adminToken} as its admin token.
   * The app owns the server from then on: it closes it, also when starting fails.
   */
  public static RetailApp start(KnactorServer server, String adminToken, Revision revision)
      throws InterruptedException {
    RetailApp app = new RetailApp(server, adminToken, Clock.systemUTC());
    try {
      server.admin().apply(registration(revision));
      app.startKnactors(revision.shipping());
      ProductCatalog.load(app.knactor("productcatalog").context());
      Currency.load(app.knactor("currency").context());
      app.revision = revision;
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  /**
   * Everything the app registers at {@code revision}, as one multi-document apply: the schemas, the
   * principals and stores of {@code knactors.yaml}, and the Cast.
   */
  public static String registration(Revision revision) {
    List<String> files = new ArrayList<>(RetailSchemas.files(revision.shipping()));
    files.add(REGISTRATION);
    files.add(revision.castFile());
    return AppFiles.join(files);
  }

  private void startKnactors(Shipping.Release shipping) throws InterruptedException {
    hosted.start("cart", Cart.knactor(hosted.connect("cart")));
    hosted.start("productcatalog", ProductCatalog.knactor(hosted.connect("productcatalog")));
    hosted.start("currency", Currency.knactor(hosted.connect("currency")));
    hosted.start("checkout", Checkout.knactor(hosted.connect("checkout")));
    hosted.start("payment", Payment.knactor(hosted.connect("payment"), clock));
    hosted.start("shipping", Shipping.knactor(hosted.connect("shipping"), shipping));
    hosted.start("email", Email.knactor(hosted.connect("email")));
    hosted.awaitSynced();
  }

  /**
   * Moves the running app to {@code next}, live: applies the Cast of {@code next}, which the server
   * switches to between two changes. When the Shipping release differs (T3, Shipping renamed its
   * field {@code addr} to {@code address}), Shipping's team deploys its new release: Shipping is
   * stopped, its new schema is applied in the same request as the Cast that follows it (the old
   * Cast would not check against the new schema, nor the new Cast against the old), the stored
   * shipments are migrated ({@link Shipping#renameAddr}) and Shipping restarts on its new code. The
   * other knactors keep running.
   */
  public synchronized void advanceTo(Revision next) throws InterruptedException {
    String cast = AppFiles.read(next.castFile());
    if (next.shipping() == revision.shipping()) {
      server.admin().apply(cast);
    } else {
      hosted.stop("shipping");
      server.admin().apply(AppFiles.read(next.shipping().schemaFile()) + "---\n" + cast);
      // Until the Cast switches, its earlier revision still writes addr, which the new schema
      // refuses; renaming after the switch leaves no such write to race the rename.
      awaitCastRunningApplied();
      try (ObjectExchange admin = server.connect(hosted.adminToken())) {
        Shipping.renameAddr(admin);
      }
      hosted
          .start("shipping", Shipping.knactor(hosted.connect("shipping"), next.shipping()))
          .awaitSynced();
    }
    revision = next;
  }

  /** Waits until the server's retail Cast runs the revision applied last. */
  private void awaitCastRunningApplied() throws InterruptedException {
    long applied =
        server.admin().casts().stream()
            .filter(c -> c.name().equals(CAST))
            .findFirst()
            .orElseThrow()
            .current();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.admin().castStatus(CAST).orElseThrow().revision() != applied) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cast " + CAST + " did not switch to revision " + applied + " within 30 s");
      }
      Thread.sleep(5);
    }
  }

  /** The front end's view: the Cart and Checkout APIs. */
  public Storefront storefront() {
    return new Storefront(knactor("cart").context(), knactor("checkout").context());
  }

  /** The running knactor named as its principal, e.g. {@code checkout}. */
  public Knactor knactor(String name) {
    return hosted.knactor(name);
  }

  /** The running knactors by principal name, in start order. */
  public Map<String, Knactor> knactors() {
    return hosted.knactors();
  }

  /** A client of the server's admin HTTP API, as the app's admin. */
  public AdminClient adminClient() {
    return new AdminClient(server.uri(), hosted.adminToken());
  }

  public Revision revision() {
    return revision;
  }

  public KnactorServer server() {
    return server;
  }

  public String adminToken() {
    return hosted.adminToken();
  }

  /** Stops the knactors, then the server (and with it the Cast). */
  @Override
  public void close() {
    hosted.close();
  }
}
