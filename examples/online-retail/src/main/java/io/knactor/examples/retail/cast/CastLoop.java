package io.knactor.examples.retail.cast;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.eval.CastDriver;
import io.knactor.cast.eval.CastEvaluator;
import io.knactor.cast.eval.SourceChange;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cast in this JVM, writing as {@code <name>-cast}, with knactor-cast's {@link CastDriver}:
 * a full sync, then every change of the cast's stores, watched from the version the sync started
 * at, is evaluated and its writes committed. {@link #replace} switches to another revision live
 * (and syncs again).
 *
 * <p>This is the app's stand-in for the server-hosted Cast runtime: it keeps its position in memory
 * only (a restart syncs everything again), and a failed evaluation is logged, not retried until the
 * next change or sync.
 */
public final class CastLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CastLoop.class);

  private final ObjectExchange connection;
  private final CastDriver driver;
  private final Map<ObjectKey, StoredObject> seen = new HashMap<>();
  private final Thread thread;
  private volatile CompiledCast cast;
  private volatile boolean resync = true;
  private volatile boolean closed;

  public CastLoop(ObjectExchange connection, CompiledCast cast) {
    this.connection = connection;
    this.cast = cast;
    this.driver = new CastDriver(connection, new CastEvaluator(cast.name() + "-cast"));
    this.thread = new Thread(this::run, "cast-" + cast.name());
    this.thread.setDaemon(true);
  }

  public CastLoop start() {
    thread.start();
    return this;
  }

  /** The revision running. */
  public CompiledCast cast() {
    return cast;
  }

  /** Switches to {@code next} (reading the same or more stores) and syncs every key with it. */
  public void replace(CompiledCast next) {
    this.cast = next;
    this.resync = true;
  }

  private void run() {
    Watch watch = null;
    try {
      while (!closed) {
        if (resync || watch == null) {
          if (watch != null) {
            watch.close();
          }
          long from = connection.currentVersion();
          resync = false;
          CompiledCast current = cast;
          watch = connection.watch(WatchRequest.ofStores(current.stores(), from));
          try {
            driver.syncAll(current);
          } catch (ConflictException e) {
            resync = true;
            continue;
          }
        }
        WatchEvent event;
        try {
          event = watch.poll(Duration.ofMillis(200));
        } catch (ExpiredException e) {
          resync = true;
          continue;
        }
        if (event != null) {
          apply(event);
        }
      }
    } catch (InterruptedException | UnavailableException e) {
      if (!closed) {
        LOG.warn("cast {} stopped: {}", cast.name(), e.toString());
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  private void apply(WatchEvent event) {
    StoredObject current = event.object();
    StoredObject previous =
        event.type() == EventType.DELETED
            ? seen.remove(current.key())
            : seen.put(current.key(), current);
    SourceChange change =
        event.type() == EventType.DELETED
            ? SourceChange.deleted(previous != null ? previous : current)
            : new SourceChange(current.key(), previous, current);
    try {
      driver.apply(cast, change);
    } catch (ConflictException e) {
      // Lost every race for a target: evaluate everything again rather than lose the change.
      resync = true;
    } catch (RuntimeException e) {
      LOG.warn("cast {} failed on {}: {}", cast.name(), current.key(), e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
