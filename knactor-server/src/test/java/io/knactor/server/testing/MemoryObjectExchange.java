package io.knactor.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchangeProvider;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A volatile exchange for server tests while the embedded backend is not available: one lock, an
 * event log of {@link #RETAINED} events for watches, URI scheme {@code memory}.
 */
public final class MemoryObjectExchange implements ObjectExchange {
  public static final int RETAINED = 1000;

  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing((ObjectKey k) -> k.store().toString())
          .thenComparing(ObjectKey::kind)
          .thenComparing(ObjectKey::name);

  private final TreeMap<ObjectKey, StoredObject> objects = new TreeMap<>(ORDER);
  private final Map<ObjectKey, List<ObjectRevision>> histories = new HashMap<>();
  private final Deque<WatchEvent> log = new ArrayDeque<>();
  private final Set<MemoryWatch> watches = ConcurrentHashMap.newKeySet();
  private long version;
  private boolean closed;

  /** The provider of scheme {@code memory}. */
  public static final class Provider implements ObjectExchangeProvider {
    @Override
    public String scheme() {
      return "memory";
    }

    @Override
    public ObjectExchange open(URI uri) {
      return new MemoryObjectExchange();
    }
  }

  @Override
  public synchronized Optional<StoredObject> get(ObjectKey key) {
    open();
    return Optional.ofNullable(objects.get(key));
  }

  @Override
  public synchronized ObjectList list(ListRequest request) {
    open();
    List<StoredObject> items = new ArrayList<>();
    for (StoredObject o : objects.values()) {
      if (o.store().equals(request.store())
          && (request.kind() == null || request.kind().equals(o.kind()))
          && o.labels().entrySet().containsAll(request.labelSelector().entrySet())) {
        items.add(o);
      }
    }
    return new ObjectList(items, version);
  }

  @Override
  public synchronized CommitResult commit(WriteBatch batch) {
    open();
    Map<ObjectKey, StoredObject> working = new HashMap<>();
    List<StoredObject> results = new ArrayList<>();
    List<WatchEvent> events = new ArrayList<>();
    long next = version;
    for (Write w : batch.writes()) {
      StoredObject current =
          working.containsKey(w.key()) ? working.get(w.key()) : objects.get(w.key());
      if (w.expectedVersion() != Write.ANY_VERSION
          && (current == null || current.resourceVersion() != w.expectedVersion())) {
        if (current == null && w.op() != Write.Op.CREATE) {
          throw new NotFoundException("object " + w.key() + " not found", "metadata.name");
        }
        throw new ConflictException(
            "resourceVersion " + w.expectedVersion() + " of " + w.key() + " is stale",
            "resourceVersion");
      }
      ObjectNode data;
      switch (w.op()) {
        case CREATE -> {
          if (current != null) {
            throw new ConflictException("object " + w.key() + " already exists", "name");
          }
          data = w.data();
        }
        case REPLACE, PATCH, DELETE -> {
          if (current == null) {
            throw new NotFoundException("object " + w.key() + " not found", "metadata.name");
          }
          data =
              w.op() == Write.Op.REPLACE
                  ? w.data()
                  : w.op() == Write.Op.PATCH
                      ? JsonMergePatch.apply(current.data(), w.data())
                      : null;
        }
        case UPSERT -> data = w.data();
        case PATCH_OR_CREATE ->
            data = JsonMergePatch.apply(current == null ? null : current.data(), w.data());
        default -> throw new IllegalStateException();
      }
      if (data != null) {
        DocumentLimits.checkDepth(data, "object " + w.key());
        DocumentLimits.checkSize(Json.write(data).length, "object " + w.key());
      }
      next++;
      Map<String, String> labels =
          w.labels() != null ? w.labels() : current == null ? Map.of() : current.labels();
      StoredObject stored =
          new StoredObject(w.key(), labels, next, data == null ? current.data() : data.deepCopy());
      working.put(w.key(), data == null ? null : stored);
      results.add(stored);
      events.add(
          new WatchEvent(
              data == null
                  ? EventType.DELETED
                  : current == null ? EventType.ADDED : EventType.MODIFIED,
              stored));
    }
    version = next;
    for (int i = 0; i < events.size(); i++) {
      WatchEvent e = events.get(i);
      StoredObject o = e.object();
      if (e.type() == EventType.DELETED) {
        objects.remove(o.key());
      } else {
        objects.put(o.key(), o);
      }
      histories
          .computeIfAbsent(o.key(), k -> new ArrayList<>())
          .add(
              new ObjectRevision(
                  o.resourceVersion(),
                  e.type(),
                  batch.principal(),
                  Instant.now(),
                  o.labels(),
                  o.data(),
                  batch.writes().get(i).annotations()));
      log.addLast(e);
      if (log.size() > RETAINED) {
        log.removeFirst();
      }
      for (MemoryWatch watch : watches) {
        watch.offer(e);
      }
    }
    return new CommitResult(results);
  }

  @Override
  public synchronized Watch watch(WatchRequest request) {
    open();
    long oldest = log.isEmpty() ? version : log.getFirst().resourceVersion() - 1;
    if (request.fromVersion() < oldest) {
      throw new ExpiredException(
          "resourceVersion " + request.fromVersion() + " is too old (oldest " + oldest + ")",
          "resourceVersion");
    }
    MemoryWatch watch = new MemoryWatch(request);
    for (WatchEvent e : log) {
      if (e.resourceVersion() > request.fromVersion()) {
        watch.offer(e);
      }
    }
    watches.add(watch);
    return watch;
  }

  @Override
  public synchronized List<ObjectRevision> history(ObjectKey key) {
    open();
    List<ObjectRevision> h = histories.get(key);
    if (h == null) {
      throw new NotFoundException("no history of " + key, "name");
    }
    return List.copyOf(h);
  }

  @Override
  public synchronized long currentVersion() {
    open();
    return version;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (MemoryWatch w : watches) {
      w.fail(new UnavailableException("exchange closed"));
    }
  }

  private void open() {
    if (closed) {
      throw new UnavailableException("exchange closed");
    }
  }

  private final class MemoryWatch implements Watch {
    private final WatchRequest request;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile RuntimeException failure;

    MemoryWatch(WatchRequest request) {
      this.request = request;
    }

    void offer(WatchEvent e) {
      if (failure != null || !request.matches(e.object().store(), e.object().kind())) {
        return;
      }
      if (queue.size() >= request.queueCapacity()) {
        fail(new WatchOverflowException("watch overflowed"));
        return;
      }
      queue.add(e);
    }

    void fail(RuntimeException e) {
      failure = e;
      queue.add(e);
    }

    @Override
    public WatchEvent poll(Duration timeout) throws InterruptedException {
      Object o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (o instanceof RuntimeException e) {
        queue.add(e);
        throw e;
      }
      return (WatchEvent) o;
    }

    @Override
    public void close() {
      watches.remove(this);
      fail(new UnavailableException("watch closed"));
    }
  }
}
