package io.knactor.server.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.log.AppendResult;
import io.knactor.core.log.GroupListener;
import io.knactor.core.log.GroupMembership;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogLimits;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.RecordVisitor;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StateEntry;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.log.TransactionBatch;
import io.knactor.core.log.TransactionResult;
import io.knactor.core.model.StoreRef;
import io.knactor.server.registry.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link LogExchange} bound to one principal, checked like the log routes of the HTTP API:
 * creating a store and appending are writes of the store's kind (a knactor only to its own store
 * and never external fields, an integrator only granted fields, values matching the kind's schema),
 * describing, reading, polling and scanning are reads of it, and {@link #stores()} lists the stores
 * the principal may read. What the HTTP API does not offer (deleting a store, applying retention,
 * subscriptions and transactions, subscriber state) is for admins only: the server runs the
 * subscribers (Syncs) itself. Closing it does not close the exchange. Thread-safe.
 */
public final class SecuredLogExchange implements LogExchange {
  private final LogExchange logs;
  private final AccessPolicy policy;
  private final Principal principal;

  /**
   * {@code logs}, the server's hosted log exchange, or an error saying the server hosts none.
   *
   * @throws UnavailableException when {@code logs} is null
   */
  public static LogExchange hosted(LogExchange logs) {
    if (logs == null) {
      throw new UnavailableException("this server hosts no log exchange (start it with --logs)");
    }
    return logs;
  }

  public SecuredLogExchange(LogExchange logs, AccessPolicy policy, Principal principal) {
    this.logs = logs;
    this.policy = policy;
    this.principal = principal;
  }

  /** The principal as registered now (it may have been removed since this connection opened). */
  private Principal principal() {
    return policy.refresh(principal);
  }

  private LogStoreInfo readable(StoreRef store) {
    LogStoreInfo info = logs.describe(store);
    policy.checkRead(principal(), store, info.spec().kind());
    return info;
  }

  private void requireAdmin(String what) {
    policy.requireAdmin(principal(), what);
  }

  @Override
  public LogStoreInfo createStore(LogStoreSpec spec) {
    policy.checkWrite(principal(), spec.store(), spec.kind());
    return logs.createStore(spec);
  }

  @Override
  public LogStoreInfo describe(StoreRef store) {
    return readable(store);
  }

  @Override
  public List<LogStoreInfo> stores() {
    Principal current = principal();
    List<LogStoreInfo> visible = new ArrayList<>();
    for (LogStoreInfo info : logs.stores()) {
      try {
        policy.checkRead(current, info.spec().store(), info.spec().kind());
        visible.add(info);
      } catch (ForbiddenException | NotFoundException e) {
        // Not this principal's to read.
      }
    }
    return visible;
  }

  @Override
  public void deleteStore(StoreRef store) {
    requireAdmin("delete log store '" + store + "'");
    logs.deleteStore(store);
  }

  @Override
  public AppendResult append(StoreRef store, List<LogRecord> records) {
    LogLimits.checkRecords(records, "records");
    LogStoreInfo info = logs.describe(store);
    List<ObjectNode> values = new ArrayList<>(records.size());
    records.forEach(r -> values.add(r.value()));
    policy.checkAppend(principal(), store, info.spec().kind(), values);
    return logs.append(store, records);
  }

  @Override
  public List<StoredRecord> read(StoreRef store, int partition, long fromOffset, int max) {
    readable(store);
    return logs.read(store, partition, fromOffset, max);
  }

  @Override
  public List<StoredRecord> poll(StoreRef store, Map<Integer, Long> from, int max, Duration timeout)
      throws InterruptedException {
    readable(store);
    return logs.poll(store, from, max, timeout);
  }

  @Override
  public long scan(ScanRequest request, RecordVisitor visitor) {
    readable(request.store());
    return logs.scan(request, visitor);
  }

  @Override
  public List<PartitionClaim> claim(String subscriber, StoreRef store, Set<Integer> partitions) {
    requireAdmin("claim partitions as subscriber '" + subscriber + "'");
    return logs.claim(subscriber, store, partitions);
  }

  @Override
  public GroupMembership join(String subscriber, Set<StoreRef> stores, GroupListener listener) {
    requireAdmin("join the group of subscriber '" + subscriber + "'");
    return logs.join(subscriber, stores, listener);
  }

  @Override
  public Map<Integer, Long> committedOffsets(String subscriber, StoreRef store) {
    requireAdmin("read the offsets of subscriber '" + subscriber + "'");
    return logs.committedOffsets(subscriber, store);
  }

  @Override
  public TransactionResult commit(TransactionBatch batch) {
    requireAdmin("commit a log transaction");
    return logs.commit(batch);
  }

  @Override
  public Optional<ObjectNode> readState(String subscriber, String key) {
    requireAdmin("read the state of subscriber '" + subscriber + "'");
    return logs.readState(subscriber, key);
  }

  @Override
  public List<StateEntry> scanState(String subscriber, String keyPrefix) {
    requireAdmin("read the state of subscriber '" + subscriber + "'");
    return logs.scanState(subscriber, keyPrefix);
  }

  @Override
  public LogStoreInfo applyRetention(StoreRef store) {
    requireAdmin("apply the retention of log store '" + store + "'");
    return logs.applyRetention(store);
  }

  /** Nothing to release: the exchange is the server's. */
  @Override
  public void close() {}
}
