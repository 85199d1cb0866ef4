package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts log stores: partitioned, append-only records with offsets; subscriptions (named subscribers
 * with committed offsets and keyed state); transactions that commit outputs, state and input
 * offsets together; scans over stored records; and retention. Every backend passes {@code
 * LogExchangeConformanceTest} from the core test-jar.
 *
 * <p>Offsets start at 0 in each partition and increase with each record: by one per record in a
 * partition that only {@link #append} wrote; a backend may skip offsets where transactions wrote
 * (Kafka's commit markers take offsets). Records of one partition are read back in offset order. A
 * record's partition is {@link LogPartitioner#partition} of its key. Retention trims a prefix of a
 * partition: the retained offsets stay contiguous, and asking for a trimmed offset fails with an
 * ExpiredException.
 *
 * <p>Exactly-once processing. A subscriber {@link #claim}s the partitions it consumes, reads from
 * each claim's committed offset and, per unit of work, {@link #commit}s one transaction holding its
 * outputs, its state changes and its new input offsets. A crash before the commit loses nothing
 * (the input is read again); after it, nothing is repeated (the offsets moved with the outputs).
 * Claiming a partition again (a new owner after a reassignment or a restart) fences every earlier
 * claim: their transactions are refused with a ConflictException.
 *
 * <p>Every operation on an unknown store throws NotFoundException; input outside the limits of
 * {@link LogLimits} throws InvalidInputException naming the field (and the record's index), and
 * stores nothing. Implementations are thread-safe.
 */
public interface LogExchange extends AutoCloseable {

  /**
   * Creates a log store, or returns it when it exists with the same kind and partition count (then
   * its retention is set to {@code spec}'s).
   *
   * @throws io.knactor.core.error.ConflictException when it exists with another kind or partition
   *     count
   */
  LogStoreInfo createStore(LogStoreSpec spec);

  /**
   * The store's spec and the retained range of each partition.
   *
   * @throws io.knactor.core.error.NotFoundException when no such store exists
   */
  LogStoreInfo describe(StoreRef store);

  /** Every store of the exchange, ordered by name. */
  List<LogStoreInfo> stores();

  /**
   * Deletes a store with its records, its subscribers' committed offsets and claims in it.
   * Subscribers' keyed state is not the store's and stays.
   *
   * @throws io.knactor.core.error.NotFoundException when no such store exists
   */
  void deleteStore(StoreRef store);

  /**
   * Appends records atomically (all or none) and durably (on durable backends, an acknowledged
   * append survives kill -9 of the process). Records with the same key go to the same partition, in
   * the order given.
   *
   * @return each record's partition and offset, in the order given
   * @throws io.knactor.core.error.InvalidInputException naming {@code records[i].key} or {@code
   *     records[i].value} for a missing or oversize key or value, or an empty or too long list
   */
  AppendResult append(StoreRef store, List<LogRecord> records);

  /**
   * Up to {@code max} records of one partition from {@code fromOffset} on, in offset order; empty
   * when {@code fromOffset} is the partition's end. Never waits.
   *
   * @throws io.knactor.core.error.ExpiredException when {@code fromOffset} was trimmed by retention
   * @throws io.knactor.core.error.InvalidInputException for a negative or past-the-end offset, an
   *     unknown partition or {@code max < 1}
   */
  List<StoredRecord> read(StoreRef store, int partition, long fromOffset, int max);

  /**
   * Like {@link #read} over several partitions ({@code from} maps each to its next offset), but
   * waits up to {@code timeout} until one of them has a record, without spinning: the cheap way to
   * tail a store. Returns up to {@code max} records, each partition's in offset order; empty when
   * the timeout passed.
   *
   * @throws io.knactor.core.error.UnavailableException when the exchange is closed while waiting
   */
  List<StoredRecord> poll(StoreRef store, Map<Integer, Long> from, int max, Duration timeout)
      throws InterruptedException;

  /**
   * Makes {@code subscriber} the owner of {@code partitions} of {@code store}, durably: each
   * partition's epoch rises above every earlier claim's, which fences those earlier claims. The
   * result holds one claim per partition in ascending order, with the committed offset to resume
   * from.
   */
  List<PartitionClaim> claim(String subscriber, StoreRef store, Set<Integer> partitions);

  /**
   * Joins {@code subscriber}'s group over {@code stores}: the members (processes, each with its own
   * exchange instance) share the stores' partitions, and the partitions of a member that leaves, or
   * stops answering, go to the others. The exchange tells {@code listener} what this member gains
   * and loses; the member {@link #claim}s what it gains, which fences the previous owner whether it
   * left cleanly or not, and resumes from the committed offsets. The group only decides who should
   * own what; exactly-once still rests on claims and transactions.
   *
   * <p>The default is a group of one (for backends that run in one process): the member gets every
   * partition at once, and loses them on close. A backend shared by several processes overrides it.
   *
   * @throws io.knactor.core.error.NotFoundException when a store does not exist
   * @throws io.knactor.core.error.InvalidInputException for a bad subscriber or no stores
   */
  default GroupMembership join(String subscriber, Set<StoreRef> stores, GroupListener listener) {
    LogLimits.checkStores(stores, "stores");
    return new SoleMembership(this, subscriber, stores, listener);
  }

  /**
   * The subscriber's committed offset per partition of {@code store}; partitions never committed
   * are absent.
   */
  Map<Integer, Long> committedOffsets(String subscriber, StoreRef store);

  /**
   * Commits a transaction atomically and durably: every append, state write and offset commit of
   * {@code batch}, or none of them.
   *
   * @throws io.knactor.core.error.ConflictException when an offset commit's claim is no longer the
   *     partition's latest (the instance was fenced); nothing is committed
   * @throws io.knactor.core.error.InvalidInputException for an empty batch, bad records (named
   *     {@code appends[i].records[j]...}), a bad state key or value, or an offset that is negative
   *     or past the partition's end
   */
  TransactionResult commit(TransactionBatch batch);

  /** A new transaction on this exchange. */
  default LogTransaction transaction() {
    return new LogTransaction(this);
  }

  /** The value of one key of {@code subscriber}'s state as last committed, or empty. */
  Optional<ObjectNode> readState(String subscriber, String key);

  /** The entries of {@code subscriber}'s state whose key starts with {@code keyPrefix}, by key. */
  List<StateEntry> scanState(String subscriber, String keyPrefix);

  /**
   * Visits the records {@code request} selects: partitions in ascending order, each in offset
   * order, until the visitor returns false or {@code request.limit()} records were visited. The
   * analytics API: run filters, projections and aggregates over stored records (see {@link
   * LogQuery}).
   *
   * @return how many records were visited
   * @throws io.knactor.core.error.ExpiredException when {@code request.fromOffset()} was trimmed in
   *     a scanned partition
   */
  long scan(ScanRequest request, RecordVisitor visitor);

  /**
   * Applies the store's retention rules now (backends also apply them on their own schedule) and
   * returns the store's ranges afterwards.
   */
  LogStoreInfo applyRetention(StoreRef store);

  /** Releases the exchange; blocked polls end with an UnavailableException. Idempotent. */
  @Override
  void close();
}
