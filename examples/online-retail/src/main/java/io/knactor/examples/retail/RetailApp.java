package io.knactor.examples.retail;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.examples.retail.cart.Cart;
import io.knactor.examples.retail.cast.CastLoop;
import io.knactor.examples.retail.catalog.ProductCatalog;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.currency.Currency;
import io.knactor.examples.retail.email.Email;
import io.knactor.examples.retail.payment.Payment;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.sdk.Knactor;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The online-retail app in one JVM: a Knactor server, the seven knactors each connected as its own
 * principal to its own store, and the retail cast at a {@link Revision}. {@link #advanceTo} applies
 * the next task live: a new Shipping schema and release when the revision needs one, then the new
 * cast; no other knactor is touched.
 */
public final class RetailApp implements AutoCloseable {
  /** The registration of principals and stores, applied after the schemas. */
  public static final String REGISTRATION = "knactors.yaml";

  private final KnactorServer server;
  private final String adminToken;
  private final Map<String, Knactor> knactors = new LinkedHashMap<>();
  private final List<ObjectExchange> connections = new ArrayList<>();
  private final Clock clock;
  private CastLoop cast;
  private Revision revision;

  private RetailApp(KnactorServer server, String adminToken, Clock clock) {
    this.server = server;
    this.adminToken = adminToken;
    this.clock = clock;
  }

  /**
   * Starts the server on {@code port} (0 for a free one) with its state in {@code dataDir},
   * registers the app, starts the knactors, loads the catalog and the rates, and runs the cast of
   * {@code revision}.
   */
  public static RetailApp start(Path dataDir, int port, String adminToken, Revision revision)
      throws InterruptedException {
    KnactorServer server =
        KnactorServer.start(
            ServerConfig.builder()
                .dataDir(dataDir.toAbsolutePath())
                .port(port)
                .adminToken(adminToken)
                .build());
    RetailApp app = new RetailApp(server, adminToken, Clock.systemUTC());
    try {
      app.register(revision.shipping());
      app.startKnactors(revision.shipping());
      ProductCatalog.load(app.knactor("productcatalog").context());
      Currency.load(app.knactor("currency").context());
      app.revision = revision;
      app.cast = new CastLoop(server.connect(adminToken), RetailSchemas.compile(revision)).start();
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  private void register(Shipping.Release shipping) {
    StringBuilder yaml = new StringBuilder();
    for (String file : RetailSchemas.files(shipping)) {
      for (String document : RetailFiles.documents(RetailFiles.read(file))) {
        yaml.append(document).append("---\n");
      }
    }
    yaml.append(RetailFiles.read(REGISTRATION));
    server.admin().apply(yaml.toString());
  }

  private void startKnactors(Shipping.Release shipping) throws InterruptedException {
    add("cart", Cart.knactor(connect("cart")));
    add("productcatalog", ProductCatalog.knactor(connect("productcatalog")));
    add("currency", Currency.knactor(connect("currency")));
    add("checkout", Checkout.knactor(connect("checkout")));
    add("payment", Payment.knactor(connect("payment"), clock));
    add("shipping", Shipping.knactor(connect("shipping"), shipping));
    add("email", Email.knactor(connect("email")));
    for (Knactor knactor : knactors.values()) {
      knactor.awaitSynced();
    }
  }

  private ObjectExchange connect(String principal) {
    ObjectExchange connection = server.connectAs(principal);
    connections.add(connection);
    return connection;
  }

  private void add(String name, Knactor knactor) {
    knactors.put(name, knactor);
    knactor.start();
  }

  /**
   * Moves the running app to {@code next}, live. When the Shipping release differs (T3), its new
   * schema is registered and Shipping is restarted on its new release, as its team would deploy it;
   * then the cast of {@code next} replaces the running one. Other knactors keep running.
   */
  public synchronized void advanceTo(Revision next) throws InterruptedException {
    if (next.shipping() != revision.shipping()) {
      String schema = RetailFiles.read(next.shipping().schemaFile());
      server.admin().apply(schema);
      knactors.remove("shipping").close();
      Knactor shipping = Shipping.knactor(connect("shipping"), next.shipping());
      add("shipping", shipping);
      shipping.awaitSynced();
    }
    cast.replace(RetailSchemas.compile(next));
    revision = next;
  }

  /** The front end's view: the Cart and Checkout APIs. */
  public Storefront storefront() {
    return new Storefront(knactor("cart").context(), knactor("checkout").context());
  }

  /** The running knactor named as its principal, e.g. {@code checkout}. */
  public Knactor knactor(String name) {
    Knactor knactor = knactors.get(name);
    if (knactor == null) {
      throw new IllegalArgumentException(
          "no knactor " + name + " (have " + knactors.keySet() + ")");
    }
    return knactor;
  }

  public Revision revision() {
    return revision;
  }

  public KnactorServer server() {
    return server;
  }

  public String adminToken() {
    return adminToken;
  }

  /** Stops the cast, the knactors, then the server. */
  @Override
  public void close() {
    if (cast != null) {
      cast.close();
    }
    knactors.values().forEach(Knactor::close);
    connections.forEach(ObjectExchange::close);
    server.close();
  }
}
