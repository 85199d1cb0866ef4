package io.knactor.server.access;

import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.model.StoreRef;
import io.knactor.server.metrics.ServerMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * A backend watch as one principal may see it: events of kinds it may not read are dropped, and the
 * open-watch gauge and overflow counter are kept. Same threading contract as {@link Watch}.
 */
final class SecuredWatch implements Watch {
  private final Watch inner;
  private final BiPredicate<StoreRef, String> visible;
  private final ServerMetrics metrics;
  private final Consumer<SecuredWatch> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean overflowCounted;

  SecuredWatch(
      Watch inner,
      BiPredicate<StoreRef, String> visible,
      ServerMetrics metrics,
      Consumer<SecuredWatch> onClose) {
    this.inner = inner;
    this.visible = visible;
    this.metrics = metrics;
    this.onClose = onClose;
    metrics.watchOpened();
  }

  @Override
  public WatchEvent poll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      WatchEvent event;
      try {
        event = inner.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (WatchOverflowException e) {
        if (!overflowCounted) {
          overflowCounted = true;
          metrics.watchOverflowed();
        }
        throw e;
      }
      if (event == null || visible.test(event.object().store(), event.object().kind())) {
        return event;
      }
      if (System.nanoTime() - deadline >= 0) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        inner.close();
      } finally {
        metrics.watchClosed();
        onClose.accept(this);
      }
    }
  }
}
