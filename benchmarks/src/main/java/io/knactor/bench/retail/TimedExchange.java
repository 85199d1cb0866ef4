package io.knactor.bench.retail;

import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ForwardingObjectExchange;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The benchmark's probe: the server's backend exchange, decorated to take {@link System#nanoTime}
 * stamps where the retail propagation's legs begin and end, without touching production code. The
 * server runs on this decorator ({@code KnactorServer.start(config, backend)}), so every knactor's
 * and the Cast's reads, writes and watches pass through it:
 *
 * <ul>
 *   <li>every commit: the time its call started, by the exchange version it committed at;
 *   <li>the Cast's watch (the one watch over several stores that include the Checkout store): the
 *       time each event was handed to the Cast runtime's poll;
 *   <li>Shipping's informer (the watch of the Shipping store, kind {@code Shipment}): the same;
 *   <li>each write of the integrator principal to a Shipment that sets its {@code method}: its
 *       annotations (the Cast's provenance, which names the Checkout version it read).
 * </ul>
 *
 * Stamping is off until {@link #record(boolean)}; {@link #onCommitted} sees every committed object
 * either way.
 */
final class TimedExchange extends ForwardingObjectExchange {
  /** A write of the integrator to a Shipment. */
  record ShipmentWrite(long version, long commitStart, Map<String, String> annotations) {}

  private final StoreRef checkout;
  private final StoreRef shipping;
  private final String shipmentKind;
  private final String integrator;
  private final Consumer<StoredObject> onCommitted;
  private volatile boolean recording;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final Map<String, AtomicLong> commitsByPrincipal = new ConcurrentHashMap<>();

  private final Map<Long, Long> commitStarts = new ConcurrentHashMap<>();
  private final Map<Long, Long> integratorArrivals = new ConcurrentHashMap<>();
  private final Map<Long, Long> shippingArrivals = new ConcurrentHashMap<>();
  private final Map<String, ShipmentWrite> firstShipmentWrites = new ConcurrentHashMap<>();

  TimedExchange(
      ObjectExchange backend,
      StoreRef checkout,
      StoreRef shipping,
      String shipmentKind,
      String integrator,
      Consumer<StoredObject> onCommitted) {
    super(backend);
    this.checkout = checkout;
    this.shipping = shipping;
    this.shipmentKind = shipmentKind;
    this.integrator = integrator;
    this.onCommitted = onCommitted;
  }

  /** Turns stamping on or off; turning it on forgets every earlier stamp. */
  void record(boolean on) {
    if (on) {
      commitStarts.clear();
      integratorArrivals.clear();
      shippingArrivals.clear();
      firstShipmentWrites.clear();
    }
    recording = on;
  }

  Optional<Long> commitStart(long version) {
    return Optional.ofNullable(commitStarts.get(version));
  }

  Optional<Long> integratorArrival(long version) {
    return Optional.ofNullable(integratorArrivals.get(version));
  }

  Optional<Long> shippingArrival(long version) {
    return Optional.ofNullable(shippingArrivals.get(version));
  }

  /** Commits through this exchange so far, of every principal. */
  long commits() {
    return commits.get();
  }

  /** Commits so far by principal; failed ones under "principal failed". */
  Map<String, Long> commitsByPrincipal() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    commitsByPrincipal.forEach((principal, count) -> counts.put(principal, count.get()));
    return counts;
  }

  /** Objects those commits wrote. */
  long writes() {
    return writes.get();
  }

  /** The integrator's first write to the Shipment {@code name} that set its method. */
  Optional<ShipmentWrite> firstShipmentWrite(String name) {
    return Optional.ofNullable(firstShipmentWrites.get(name));
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    long start = System.nanoTime();
    CommitResult result;
    try {
      result = delegate.commit(batch);
    } catch (RuntimeException e) {
      commitsByPrincipal
          .computeIfAbsent(batch.principal() + " failed", p -> new AtomicLong())
          .incrementAndGet();
      throw e;
    }
    List<StoredObject> objects = result.objects();
    commits.incrementAndGet();
    commitsByPrincipal
        .computeIfAbsent(String.valueOf(batch.principal()), p -> new AtomicLong())
        .incrementAndGet();
    writes.addAndGet(objects.size());
    if (recording) {
      for (int i = 0; i < objects.size(); i++) {
        StoredObject object = objects.get(i);
        commitStarts.put(object.resourceVersion(), start);
        Write write = batch.writes().get(i);
        if (integrator.equals(batch.principal())
            && object.store().equals(shipping)
            && object.kind().equals(shipmentKind)
            && object.data().hasNonNull("method")) {
          firstShipmentWrites.putIfAbsent(
              object.name(),
              new ShipmentWrite(object.resourceVersion(), start, write.annotations()));
        }
      }
    }
    objects.forEach(onCommitted);
    return result;
  }

  @Override
  public Watch watch(WatchRequest request) {
    Watch inner = delegate.watch(request);
    if (request.stores().size() > 1 && request.stores().contains(checkout)) {
      return new StampedWatch(inner, integratorArrivals);
    }
    if (request.stores().equals(Set.of(shipping)) && shipmentKind.equals(request.kind())) {
      return new StampedWatch(inner, shippingArrivals);
    }
    return inner;
  }

  /** Stamps each event as the poll hands it to its consumer: the first arrival of a version. */
  private final class StampedWatch implements Watch {
    private final Watch inner;
    private final Map<Long, Long> arrivals;

    StampedWatch(Watch inner, Map<Long, Long> arrivals) {
      this.inner = inner;
      this.arrivals = arrivals;
    }

    @Override
    public WatchEvent poll(Duration timeout) throws InterruptedException {
      WatchEvent event = inner.poll(timeout);
      if (event != null && recording) {
        arrivals.putIfAbsent(event.resourceVersion(), System.nanoTime());
      }
      return event;
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
