package io.knactor.sdk;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A connection to a real embedded exchange that a test can take down and bring back on the same
 * directory, as a server restart looks to a client: while down, every call answers
 * UnavailableException. It can also cut the open watches and refuse new ones, as a network
 * partition would, while writes still go through. It counts the batches committed through it.
 */
final class RestartableExchange implements ObjectExchange {
  private final Supplier<ObjectExchange> opener;
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private volatile ObjectExchange current;
  private volatile boolean watchesCut;
  private final AtomicInteger refusedWhileDown = new AtomicInteger();
  private final Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();

  RestartableExchange(Supplier<ObjectExchange> opener) {
    this.opener = opener;
    this.current = opener.get();
  }

  /** The exchange behind the connection, for the test's own writes. */
  ObjectExchange exchange() {
    return up();
  }

  /** Closes the exchange: open watches end, calls fail until {@link #bringUp()}. */
  void takeDown() {
    ObjectExchange old = current;
    current = null;
    old.close();
  }

  /** Opens the exchange again on its directory. */
  void bringUp() {
    current = opener.get();
  }

  /** Closes every open watch and refuses new ones until {@link #restoreWatches()}. */
  void cutWatches() {
    watchesCut = true;
    watches.forEach(Watch::close);
    watches.clear();
  }

  /** How many calls were refused while the exchange was down. */
  /** How many batches {@code principal} committed through this connection. */
  int commitsOf(String principal) {
    return commits.getOrDefault(principal, new AtomicInteger()).get();
  }

  int refusedWhileDown() {
    return refusedWhileDown.get();
  }

  void restoreWatches() {
    watchesCut = false;
  }

  private ObjectExchange up() {
    ObjectExchange exchange = current;
    if (exchange == null) {
      refusedWhileDown.incrementAndGet();
      throw new UnavailableException("the exchange is down for a restart");
    }
    return exchange;
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return up().get(key);
  }

  @Override
  public ObjectList list(ListRequest request) {
    return up().list(request);
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    CommitResult result = up().commit(batch);
    commits.computeIfAbsent(batch.principal(), p -> new AtomicInteger()).incrementAndGet();
    return result;
  }

  @Override
  public Watch watch(WatchRequest request) {
    if (watchesCut) {
      throw new UnavailableException("watches are cut off by the test");
    }
    Watch watch = up().watch(request);
    watches.add(watch);
    if (watchesCut) {
      // Cut while this watch was being opened.
      watches.remove(watch);
      watch.close();
      throw new UnavailableException("watches are cut off by the test");
    }
    return watch;
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    return up().history(key);
  }

  @Override
  public long currentVersion() {
    return up().currentVersion();
  }

  @Override
  public void close() {
    ObjectExchange exchange = current;
    current = null;
    if (exchange != null) {
      exchange.close();
    }
  }
}
