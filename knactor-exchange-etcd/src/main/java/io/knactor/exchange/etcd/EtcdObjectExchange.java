package io.knactor.exchange.etcd;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
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
import io.knactor.exchange.etcd.internal.BatchPlanner;
import io.knactor.exchange.etcd.internal.Committer;
import io.knactor.exchange.etcd.internal.EtcdClient;
import io.knactor.exchange.etcd.internal.EtcdWatch;
import io.knactor.exchange.etcd.internal.Layout;
import io.knactor.exchange.etcd.internal.Reader;
import io.knactor.exchange.etcd.internal.Records;
import io.knactor.exchange.etcd.internal.Revisions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The object exchange on etcd: replicated and strongly consistent. Every exchange version is a
 * commit's position in one counter key, advanced in the same etcd txn that stores the batch, so
 * versions are consecutive, and a batch across stores is one txn. Reads are linearizable; a list is
 * a snapshot at one etcd revision; a watch is an etcd watch from the revision after its version,
 * and expires when etcd has compacted that revision. Speaks etcd's v3 JSON API over HTTP.
 *
 * <p>Several processes may open the same exchange (same cluster and prefix): they contend only on
 * the counter. Thread-safe; each watch has its own reader thread.
 */
public final class EtcdObjectExchange implements ObjectExchange {
  private final EtcdOptions options;
  private final EtcdClient client;
  private final Reader reader;
  private final Revisions revisions;
  private final Committer committer;
  private final Layout layout;
  private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private EtcdObjectExchange(EtcdOptions options) {
    this.options = options;
    this.client =
        new EtcdClient(options.endpoints(), options.requestTimeout(), options.retryWindow());
    this.layout = new Layout(options.prefix());
    this.reader = new Reader(client, layout);
    this.revisions = new Revisions(reader);
    this.committer =
        new Committer(
            client,
            reader,
            revisions,
            new BatchPlanner(layout, options.historyLimit()),
            layout,
            options.maxRequestBytes());
  }

  /**
   * Opens the exchange, checking that some member answers.
   *
   * @throws UnavailableException naming the endpoints when none answers
   */
  public static EtcdObjectExchange open(EtcdOptions options) {
    EtcdObjectExchange exchange = new EtcdObjectExchange(options);
    exchange.client.probe();
    return exchange;
  }

  public EtcdOptions options() {
    return options;
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    checkOpen();
    return reader.get(key);
  }

  @Override
  public ObjectList list(ListRequest request) {
    checkOpen();
    return reader.list(request, 0);
  }

  /**
   * A snapshot read in the past: the matching objects as they were at exchange version {@code
   * version}. Lists of several stores at one version are one consistent global snapshot. The
   * answer's resourceVersion is {@code version}, or the version before the batch that holds {@code
   * version} when it lies inside an atomic batch.
   *
   * @throws io.knactor.core.error.ExpiredException when etcd has compacted that version's revision
   * @throws InvalidInputException when {@code version} is negative or not yet committed
   */
  public ObjectList listAt(ListRequest request, long version) {
    checkOpen();
    if (version < 0 || version > currentVersion()) {
      throw new InvalidInputException(
          "cannot read at resourceVersion " + version + ": the exchange is at " + currentVersion(),
          "resourceVersion");
    }
    long revision = revisions.atOrBelow(version, "snapshot read of " + request.store());
    try {
      return reader.list(request, Math.max(1, revision));
    } catch (EtcdClient.CompactedException e) {
      throw Revisions.expired(version, "snapshot read of " + request.store());
    }
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    checkOpen();
    return committer.commit(batch);
  }

  @Override
  public Watch watch(WatchRequest request) {
    checkOpen();
    long revision = revisions.atOrBelow(request.fromVersion(), "watch");
    EtcdWatch watch = new EtcdWatch(request, revision + 1, client, layout, watches::remove);
    watches.add(watch);
    watch.start();
    if (closed) {
      watch.end(closedError());
    }
    return watch;
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    checkOpen();
    List<ObjectRevision> history =
        reader.history(key).stream().map(Records.Entry::revision).toList();
    if (history.isEmpty()) {
      throw new NotFoundException("no history of object " + key + " is retained", "metadata.name");
    }
    return history;
  }

  @Override
  public long currentVersion() {
    checkOpen();
    return reader.counter(0).value();
  }

  /**
   * Compacts etcd's history up to the revision of exchange version {@code version}: watches and
   * snapshot reads from older versions then expire. Compaction is cluster-wide: it applies to every
   * exchange and key of the cluster.
   */
  public void compact(long version) {
    checkOpen();
    long revision = revisions.atOrBelow(version, "compaction");
    if (revision > 0) {
      try {
        client.read(
            "/v3/kv/compaction",
            EtcdClient.MAPPER.createObjectNode().put("revision", revision).put("physical", true));
      } catch (EtcdClient.CompactedException e) {
        // Already compacted at or beyond that revision: nothing left to do.
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (EtcdWatch watch : List.copyOf(watches)) {
      watch.end(closedError());
    }
    client.close();
  }

  private void checkOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private UnavailableException closedError() {
    return new UnavailableException(
        "the etcd exchange " + options.prefix() + " at " + options.endpoints() + " is closed");
  }
}
