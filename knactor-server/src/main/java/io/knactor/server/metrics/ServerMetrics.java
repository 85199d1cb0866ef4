package io.knactor.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's meters, scraped at {@code GET /metrics} in the Prometheus text format:
 *
 * <ul>
 *   <li>{@code knactor_http_requests_seconds} (count, sum, max) by {@code route} (the route's
 *       template, never a store or object name), {@code method} and {@code status};
 *   <li>{@code knactor_commits_total} and {@code knactor_writes_total}: committed batches and the
 *       writes in them, over HTTP and in-JVM connections;
 *   <li>{@code knactor_watches_open} and {@code knactor_watch_overflows_total};
 *   <li>JVM memory, thread and CPU meters.
 * </ul>
 *
 * Thread-safe.
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Counter commits;
  private final Counter writes;
  private final Counter overflows;
  private final AtomicInteger openWatches = new AtomicInteger();

  public ServerMetrics() {
    commits =
        Counter.builder("knactor.commits").description("committed batches").register(registry);
    writes =
        Counter.builder("knactor.writes")
            .description("writes in committed batches")
            .register(registry);
    overflows =
        Counter.builder("knactor.watch.overflows")
            .description("watches cut off because their watcher fell behind")
            .register(registry);
    Gauge.builder("knactor.watches.open", openWatches, AtomicInteger::get)
        .description("open watches")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** Records one answered HTTP request. */
  public void request(String route, String method, int status, long nanos) {
    requestTimers
        .computeIfAbsent(
            route + ' ' + method + ' ' + status,
            key ->
                Timer.builder("knactor.http.requests")
                    .description("HTTP requests by route template, method and status")
                    .tag("route", route)
                    .tag("method", method)
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void committed(int writeCount) {
    commits.increment();
    writes.increment(writeCount);
  }

  public void watchOpened() {
    openWatches.incrementAndGet();
  }

  public void watchClosed() {
    openWatches.decrementAndGet();
  }

  public void watchOverflowed() {
    overflows.increment();
  }

  public int openWatches() {
    return openWatches.get();
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
