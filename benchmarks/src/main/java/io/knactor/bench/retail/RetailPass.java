package io.knactor.bench.retail;

import io.knactor.bench.report.CpuUsage;
import io.knactor.bench.report.Samples;
import io.knactor.bench.report.Units;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.StoredObject;
import io.knactor.examples.retail.RetailApp;
import io.knactor.examples.retail.Revision;
import io.knactor.examples.retail.Storefront;
import io.knactor.examples.retail.checkout.Checkout;
import io.knactor.examples.retail.shipping.Shipping;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One run of the Knactor retail app on one backend: orders placed one at a time through the
 * storefront, each awaited until Checkout completes it, with the propagation of each measured order
 * broken down ({@link Breakdown}); optionally a watcher over HTTP on the Shipping store, timed
 * against the same stamps; optionally a throughput run of many orders at once.
 */
final class RetailPass {
  static final String ADMIN_TOKEN = "bench-retail-admin-token";
  private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);
  private static final List<Storefront.Line> LINES =
      List.of(new Storefront.Line("1YMWWN1N4O", 2), new Storefront.Line("6E92ZMYYFZ", 1));
  private static final int PLACING_THREADS = 4;

  /**
   * The orders of the warm-up burst, as a share of a throughput run's: the orders placed one at a
   * time before leave the paths that only many orders at once take (rounds of many changes, large
   * commit groups) to the JIT compiler, which otherwise compiles them during the timed burst.
   */
  static final int WARMUP_BURST_DIVISOR = 5;

  /** What one pass measured. */
  record Result(
      String backend,
      List<Breakdown> breakdowns,
      Samples httpShippingLeg,
      List<Breakdown> httpBreakdowns,
      Samples orderLatency,
      int throughputOrders,
      long throughputNanos,
      Burst warmupBurst,
      CpuUsage usage) {}

  /** A burst of orders placed at once and how long they took to complete. */
  record Burst(int orders, long nanos) {
    double perSecond() {
      return orders / (nanos / 1e9);
    }
  }

  /** Which backend; {@code uri} null for the embedded exchange in the pass's directory. */
  record Backend(String name, URI uri) {}

  private RetailPass() {}

  static Result run(
      Backend backend,
      Path dir,
      int warmup,
      int measured,
      boolean httpWatcher,
      int throughputOrders,
      Consumer<String> progress)
      throws InterruptedException {
    Completions completions = new Completions();
    ObjectExchange raw =
        backend.uri() == null
            ? ObjectExchanges.open(ServerConfig.embedded(dir.resolve("objects")))
            : ObjectExchanges.open(backend.uri());
    TimedExchange probe = probe(raw, completions);
    KnactorServer server = server(dir, probe);
    CpuUsage.Mark mark = CpuUsage.mark();
    try (RetailApp app = RetailApp.start(server, ADMIN_TOKEN, Revision.T2);
        HttpWatcher http = httpWatcher ? HttpWatcher.start(server.uri(), ADMIN_TOKEN) : null) {
      Storefront storefront = app.storefront();
      progress.accept(backend.name() + ": " + warmup + " warm-up orders");
      for (int i = 0; i < warmup; i++) {
        placeAndAwait(storefront, completions, "w-" + i);
      }
      progress.accept(backend.name() + ": " + measured + " measured orders, one at a time");
      probe.record(true);
      long castCpu = castThreadCpuNanos();
      long commits = probe.commits();
      Map<String, Long> byPrincipal = probe.commitsByPrincipal();
      Samples orderLatency = new Samples();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < measured; i++) {
        String id = "m-" + i;
        long start = System.nanoTime();
        placeAndAwait(storefront, completions, id);
        orderLatency.add(System.nanoTime() - start);
        ids.add(id);
      }
      probe.record(false);
      progress.accept(
          String.format(
                  "%s: the Cast thread used %.2f ms of CPU and the exchange %.2f commits per measured"
                      + " order; by principal (failed apart):",
                  backend.name(),
                  (castThreadCpuNanos() - castCpu) / 1e6 / measured,
                  (probe.commits() - commits) / (double) measured)
              + " "
              + RetailThroughput.perOrder(byPrincipal, probe.commitsByPrincipal(), measured));
      List<Breakdown> breakdowns = new ArrayList<>();
      Samples httpLeg = new Samples();
      List<Breakdown> httpBreakdowns = new ArrayList<>();
      for (String id : ids) {
        Breakdown breakdown = Breakdown.of(probe, Checkout.STORE, id);
        breakdowns.add(breakdown);
        if (http != null) {
          TimedExchange.ShipmentWrite shipment = probe.firstShipmentWrite(id).orElseThrow();
          long arrival = http.awaitArrival(shipment.version());
          long leg = arrival - shipment.commitStart();
          httpLeg.add(leg);
          httpBreakdowns.add(
              new Breakdown(
                  breakdown.checkoutToIntegrator(),
                  breakdown.integrator(),
                  leg,
                  breakdown.readAhead()));
        }
      }
      long throughputNanos = 0;
      Burst warmupBurst = null;
      if (throughputOrders > 0) {
        warmupBurst =
            warmupBurst(storefront, completions, throughputOrders, backend.name(), progress);
        progress.accept(backend.name() + ": " + throughputOrders + " orders at once");
        throughputNanos = throughput(storefront, completions, throughputOrders);
      }
      return new Result(
          backend.name(),
          breakdowns,
          httpLeg,
          httpBreakdowns,
          orderLatency,
          throughputOrders,
          throughputNanos,
          warmupBurst,
          CpuUsage.since(mark));
    }
  }

  /** CPU time of the thread that runs the retail Cast ({@code cast-retail}). */
  static long castThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String name = "cast-" + RetailApp.CAST;
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .mapToLong(t -> threads.getThreadCpuTime(t.getId()))
        .sum();
  }

  /** The probe over {@code backend}, telling {@code completions} of every commit. */
  static TimedExchange probe(ObjectExchange backend, Completions completions) {
    return new TimedExchange(
        backend,
        Checkout.STORE,
        Shipping.STORE,
        Shipping.SHIPMENT,
        RetailApp.CAST,
        completions::observe);
  }

  /** A server on a free port with its state in {@code dir}, on {@code backend}. */
  static KnactorServer server(Path dir, ObjectExchange backend) {
    return KnactorServer.start(
        ServerConfig.builder().dataDir(dir).port(0).adminToken(ADMIN_TOKEN).build(), backend);
  }

  static void placeAndAwait(Storefront storefront, Completions completions, String id)
      throws InterruptedException {
    storefront.placeOrder(id, LINES, form(id));
    completions.await(id, ORDER_TIMEOUT);
  }

  /**
   * Places the warm-up burst before a throughput run of {@code orders}: a fifth as many orders, at
   * once.
   */
  static Burst warmupBurst(
      Storefront storefront,
      Completions completions,
      int orders,
      String backend,
      Consumer<String> progress)
      throws InterruptedException {
    int burst = Math.max(1, orders / WARMUP_BURST_DIVISOR);
    progress.accept(backend + ": a warm-up burst of " + burst + " orders at once");
    Burst done = new Burst(burst, throughput(storefront, completions, burst, "b-"));
    progress.accept(Units.format("%s: warm-up burst: %.0f orders/s", backend, done.perSecond()));
    return done;
  }

  static long throughput(Storefront storefront, Completions completions, int orders)
      throws InterruptedException {
    return throughput(storefront, completions, orders, "t-");
  }

  private static long throughput(
      Storefront storefront, Completions completions, int orders, String prefix)
      throws InterruptedException {
    ExecutorService placing = Executors.newFixedThreadPool(PLACING_THREADS);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < PLACING_THREADS; t++) {
        int thread = t;
        futures.add(
            placing.submit(
                () -> {
                  for (int i = thread; i < orders; i += PLACING_THREADS) {
                    String id = prefix + i;
                    storefront.placeOrder(id, LINES, form(id));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      for (int i = 0; i < orders; i++) {
        completions.await(prefix + i, ORDER_TIMEOUT);
      }
      return System.nanoTime() - start;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("placing an order failed: " + e.getCause(), e.getCause());
    } finally {
      placing.shutdownNow();
    }
  }

  static Checkout.OrderForm form(String id) {
    return new Checkout.OrderForm(
        "u-" + id,
        id + "@example.com",
        "1 Main St, Springfield",
        "EUR",
        "4432801561520454",
        672,
        2099,
        1);
  }

  /** Orders that reached a final status, as seen on their commits; and who is waiting for one. */
  static final class Completions {
    private final Map<String, String> finals = new ConcurrentHashMap<>();

    void observe(StoredObject object) {
      if (object.store().equals(Checkout.STORE) && object.kind().equals(Checkout.ORDER)) {
        String status = object.data().path("status").asText("");
        if (Checkout.COMPLETED.equals(status) || Checkout.PAYMENT_FAILED.equals(status)) {
          if (finals.putIfAbsent(object.name(), status) == null) {
            synchronized (this) {
              notifyAll();
            }
          }
        }
      }
    }

    /** Waits until {@code id} is final; throws when it is not completed in time or failed. */
    synchronized void await(String id, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!finals.containsKey(id)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "order " + id + " did not complete within " + timeout.toSeconds() + " s");
        }
        wait(Math.max(1, left / 1_000_000));
      }
      if (!Checkout.COMPLETED.equals(finals.get(id))) {
        throw new IllegalStateException("order " + id + " ended " + finals.get(id));
      }
    }
  }

  /**
   * A watch of the Shipping store over HTTP ({@link HttpObjectExchange}, as the admin), on its own
   * thread, stamping each version's arrival: the leg Shipping's informer takes when Shipping
   * connects over HTTP. It watches the store without a kind, so the probe does not take it for
   * Shipping's in-JVM informer.
   */
  static final class HttpWatcher implements AutoCloseable {
    private final HttpObjectExchange exchange;
    private final Watch watch;
    private final Thread thread;
    private final Map<Long, Long> arrivals = new ConcurrentHashMap<>();

    private HttpWatcher(HttpObjectExchange exchange, Watch watch) {
      this.exchange = exchange;
      this.watch = watch;
      this.thread = new Thread(this::loop, "bench-http-watcher");
      thread.setDaemon(true);
      thread.start();
    }

    static HttpWatcher start(URI server, String token) {
      HttpObjectExchange exchange = new HttpObjectExchange(server, token);
      return new HttpWatcher(
          exchange,
          exchange.watch(
              WatchRequest.ofStores(java.util.Set.of(Shipping.STORE), exchange.currentVersion())));
    }

    private void loop() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          WatchEvent event = watch.poll(Duration.ofMillis(200));
          if (event != null) {
            arrivals.putIfAbsent(event.resourceVersion(), System.nanoTime());
          }
        }
      } catch (InterruptedException | RuntimeException stopped) {
        // closed
      }
    }

    long awaitArrival(long version) throws InterruptedException {
      long deadline = System.nanoTime() + ORDER_TIMEOUT.toNanos();
      Optional<Long> arrival;
      while ((arrival = Optional.ofNullable(arrivals.get(version))).isEmpty()) {
        if (System.nanoTime() > deadline || !thread.isAlive()) {
          throw new IllegalStateException(
              "the HTTP watcher did not receive version " + version + " of the Shipping store");
        }
        Thread.sleep(1);
      }
      return arrival.get();
    }

    @Override
    public void close() {
      thread.interrupt();
      watch.close();
      exchange.close();
    }
  }
}
