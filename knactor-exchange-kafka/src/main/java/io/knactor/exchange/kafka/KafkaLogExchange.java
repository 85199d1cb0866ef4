package io.knactor.exchange.kafka;

import static io.knactor.exchange.kafka.internal.KafkaClients.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.json.Json;
import io.knactor.core.log.AppendResult;
import io.knactor.core.log.GroupListener;
import io.knactor.core.log.GroupMembership;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogLimits;
import io.knactor.core.log.LogPartitioner;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.PartitionInfo;
import io.knactor.core.log.RecordPosition;
import io.knactor.core.log.RecordVisitor;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StateEntry;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.log.TransactionBatch;
import io.knactor.core.log.TransactionResult;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.kafka.internal.ClaimProducers;
import io.knactor.exchange.kafka.internal.CompactedTable;
import io.knactor.exchange.kafka.internal.ConsumerPool;
import io.knactor.exchange.kafka.internal.GroupMember;
import io.knactor.exchange.kafka.internal.KafkaClients;
import io.knactor.exchange.kafka.internal.PartitionReader;
import io.knactor.exchange.kafka.internal.PartitionReader.Range;
import io.knactor.exchange.kafka.internal.RecordCodec;
import io.knactor.exchange.kafka.internal.SpecCodec;
import io.knactor.exchange.kafka.internal.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The log exchange on Kafka. A log store is a topic with the store's partitions (records placed by
 * {@link LogPartitioner}, so Kafka partitions are the store's partitions); appends go through an
 * idempotent producer with acks=all; reads and polls assign and seek read_committed consumers; a
 * subscriber's committed offsets are its consumer group's; a transaction is a Kafka transaction
 * that writes the outputs, the state (a compacted topic) and the input offsets ({@code
 * sendOffsetsToTransaction}). Store specs and claims live in compacted topics; a claim's epoch is
 * the offset of its record, so epochs are unique and grow across every process. See
 * docs/backends.md for the mapping and its limits.
 */
public final class KafkaLogExchange implements LogExchange {
  private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);

  private final TopicNames names;
  private final short replicationFactor;
  private final Admin admin;
  private final KafkaClients clients;
  private final KafkaProducer<byte[], byte[]> appender;
  private final Object txLock = new Object();
  private final String transactionalId;
  private KafkaProducer<byte[], byte[]> transactions;
  private final ClaimProducers claimProducers;
  private final ConsumerPool pool;
  private final PartitionReader reader;
  private final CompactedTable storeTable;
  private final CompactedTable claimTable;
  private final CompactedTable stateTable;
  private final ExecutorService pollThreads;
  private final Set<CompletableFuture<?>> pendingPolls = ConcurrentHashMap.newKeySet();
  private final Set<GroupMember> members = ConcurrentHashMap.newKeySet();
  private final Duration memberTimeout;
  private volatile boolean closed;

  private KafkaLogExchange(KafkaLogOptions options) {
    this.names = new TopicNames(options.namespace());
    this.replicationFactor = options.replicationFactor();
    this.memberTimeout = options.memberTimeout();
    this.clients = new KafkaClients(options.bootstrapServers());
    this.admin = clients.admin();
    for (String topic : List.of(names.stores(), names.claims(), names.state())) {
      createMetaTopic(topic);
    }
    this.appender = clients.producer(null);
    this.transactionalId = names.transactionalId(UUID.randomUUID().toString());
    this.transactions = newTransactionalProducer();
    this.claimProducers = new ClaimProducers(clients);
    this.pool = new ConsumerPool(clients);
    this.reader = new PartitionReader(pool);
    this.storeTable = new CompactedTable(names.stores(), clients);
    this.claimTable = new CompactedTable(names.claims(), clients);
    this.stateTable = new CompactedTable(names.state(), clients);
    this.pollThreads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "knactor-kafka-poll");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Connects to the cluster and creates the exchange's metadata topics when missing.
   *
   * @throws UnavailableException when the brokers cannot be reached
   */
  public static KafkaLogExchange open(KafkaLogOptions options) {
    return new KafkaLogExchange(options);
  }

  /** The topic that holds {@code store}'s records. */
  public String topicOf(StoreRef store) {
    return names.log(store);
  }

  // ---- stores ----

  @Override
  public LogStoreInfo createStore(LogStoreSpec spec) {
    checkOpen();
    synchronized (storeTable) {
      CompactedTable.Entry existing = storeTable.get(spec.store().toString());
      if (existing != null) {
        LogStoreSpec current = SpecCodec.decode(spec.store(), existing.value());
        if (current.partitions() != spec.partitions() || !current.kind().equals(spec.kind())) {
          throw new ConflictException(
              "log store "
                  + spec.store()
                  + " exists with kind "
                  + current.kind()
                  + " and "
                  + current.partitions()
                  + " partitions; it cannot become kind "
                  + spec.kind()
                  + " with "
                  + spec.partitions()
                  + " partitions",
              "store");
        }
      } else {
        createTopic(spec);
      }
      configureRetention(spec);
      await(
          appender.send(
              new ProducerRecord<>(
                  names.stores(), key(spec.store().toString()), SpecCodec.encode(spec))),
          "recording log store " + spec.store());
    }
    return describe(spec.store());
  }

  @Override
  public LogStoreInfo describe(StoreRef store) {
    checkOpen();
    LogStoreSpec spec = requireStore(store);
    List<TopicPartition> partitions = partitions(spec);
    Map<TopicPartition, Range> ranges = reader.ranges(partitions);
    List<PartitionInfo> infos = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      Range range = ranges.get(partition);
      infos.add(
          new PartitionInfo(
              partition.partition(), range.start(), range.end(), reader.bytes(partition, range)));
    }
    return new LogStoreInfo(spec, infos);
  }

  @Override
  public List<LogStoreInfo> stores() {
    checkOpen();
    List<LogStoreInfo> stores = new ArrayList<>();
    for (String name : storeTable.all().keySet()) {
      stores.add(describe(StoreRef.parse(name)));
    }
    return stores;
  }

  @Override
  public void deleteStore(StoreRef store) {
    checkOpen();
    synchronized (storeTable) {
      LogStoreSpec spec = requireStore(store);
      String topic = names.log(store);
      Map<String, CompactedTable.Entry> claims = claimTable.withPrefix(store + "|");
      Set<String> subscribers = new TreeSet<>();
      for (String claimKey : claims.keySet()) {
        subscribers.add(claimKey.substring(claimKey.lastIndexOf('|') + 1));
        await(
            appender.send(new ProducerRecord<>(names.claims(), key(claimKey), null)),
            "dropping the claims of " + store);
      }
      for (String subscriber : subscribers) {
        deleteGroupOffsets(names.group(subscriber), Set.copyOf(partitions(spec)));
      }
      claimProducers.drop(names.claimTransactionalIdPrefix(store));
      await(
          appender.send(new ProducerRecord<>(names.stores(), key(store.toString()), null)),
          "dropping log store " + store);
      await(admin.deleteTopics(List.of(topic)).all(), "deleting topic " + topic);
      waitFor(
          () -> !await(admin.listTopics().names(), "listing topics").contains(topic),
          "topic " + topic + " to be deleted");
    }
  }

  // ---- appends and reads ----

  @Override
  public AppendResult append(StoreRef store, List<LogRecord> records) {
    checkOpen();
    LogLimits.checkRecords(records, "records");
    LogStoreSpec spec = requireStore(store);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : encode(spec, records)) {
      sent.add(appender.send(record));
    }
    List<RecordPosition> positions = new ArrayList<>();
    for (Future<RecordMetadata> future : sent) {
      RecordMetadata metadata = await(future, "appending to " + store);
      positions.add(new RecordPosition(metadata.partition(), metadata.offset()));
    }
    return new AppendResult(store, positions);
  }

  @Override
  public List<StoredRecord> read(StoreRef store, int partition, long fromOffset, int max) {
    checkOpen();
    LogStoreSpec spec = requireStore(store);
    LogLimits.checkPartition(spec, partition, "partition");
    checkMax(max);
    TopicPartition topicPartition = new TopicPartition(names.log(store), partition);
    Range range = reader.range(topicPartition);
    PartitionReader.checkOffset(fromOffset, range, store + " partition " + partition);
    return reader.read(topicPartition, fromOffset, range.end(), max).stream()
        .map(record -> RecordCodec.decode(store, record))
        .toList();
  }

  @Override
  public List<StoredRecord> poll(StoreRef store, Map<Integer, Long> from, int max, Duration timeout)
      throws InterruptedException {
    try {
      return pollRecords(store, from, max, timeout);
    } catch (InterruptException e) {
      // Interrupted in the metadata reads before the wait: the same as interrupted in the wait.
      Thread.interrupted();
      InterruptedException interrupted = new InterruptedException("interrupted polling " + store);
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  private List<StoredRecord> pollRecords(
      StoreRef store, Map<Integer, Long> from, int max, Duration timeout)
      throws InterruptedException {
    checkOpen();
    LogStoreSpec spec = requireStore(store);
    checkMax(max);
    Map<TopicPartition, Long> start = new HashMap<>();
    for (Map.Entry<Integer, Long> entry : new TreeMap<>(from).entrySet()) {
      LogLimits.checkPartition(spec, entry.getKey(), "from");
      start.put(new TopicPartition(names.log(store), entry.getKey()), entry.getValue());
    }
    if (start.isEmpty()) {
      throw new InvalidInputException("from: at least one partition is required", "from");
    }
    Map<TopicPartition, Range> ranges = reader.ranges(start.keySet());
    start.forEach(
        (partition, offset) ->
            PartitionReader.checkOffset(
                offset, ranges.get(partition), store + " partition " + partition.partition()));
    CompletableFuture<List<StoredRecord>> result = new CompletableFuture<>();
    pendingPolls.add(result);
    try {
      pollThreads.execute(() -> pollInto(result, store, start, max, timeout));
      if (closed) {
        result.completeExceptionally(closedException());
      }
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KnactorException known) {
        throw known;
      }
      throw new UnavailableException("polling " + store + " failed: " + e.getCause(), e);
    } finally {
      pendingPolls.remove(result);
    }
  }

  private void pollInto(
      CompletableFuture<List<StoredRecord>> result,
      StoreRef store,
      Map<TopicPartition, Long> start,
      int max,
      Duration timeout) {
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer = pool.borrow();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    try {
      consumer.assign(start.keySet());
      start.forEach(consumer::seek);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!result.isDone()) {
        long left = deadline - System.nanoTime();
        List<StoredRecord> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
            consumer.poll(Duration.ofNanos(Math.max(0, Math.min(left, 100_000_000L))))) {
          if (records.size() < max) {
            records.add(RecordCodec.decode(store, record));
          }
        }
        if (!records.isEmpty() || left <= 0) {
          records.sort(
              (a, b) ->
                  a.partition() != b.partition()
                      ? Integer.compare(a.partition(), b.partition())
                      : Long.compare(a.offset(), b.offset()));
          result.complete(records);
        }
      }
    } catch (WakeupException e) {
      result.completeExceptionally(closedException());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    } finally {
      pool.release(consumer);
    }
  }

  @Override
  public long scan(ScanRequest request, RecordVisitor visitor) {
    checkOpen();
    LogStoreSpec spec = requireStore(request.store());
    Set<Integer> chosen = new TreeSet<>(request.partitions());
    if (chosen.isEmpty()) {
      for (int p = 0; p < spec.partitions(); p++) {
        chosen.add(p);
      }
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p : chosen) {
      LogLimits.checkPartition(spec, p, "partitions");
      partitions.add(new TopicPartition(names.log(request.store()), p));
    }
    Map<TopicPartition, Range> ranges = reader.ranges(partitions);
    long[] visited = {0};
    boolean[] stopped = {false};
    for (TopicPartition partition : partitions) {
      Range range = ranges.get(partition);
      long from = range.start();
      if (request.fromOffset() != null) {
        PartitionReader.checkOffset(
            Math.min(request.fromOffset(), range.end()),
            range,
            request.store() + " partition " + partition.partition());
        from = Math.min(request.fromOffset(), range.end());
      }
      long to =
          request.toOffset() == null ? range.end() : Math.min(request.toOffset(), range.end());
      reader.visit(
          partition,
          from,
          to,
          record -> {
            StoredRecord stored = RecordCodec.decode(request.store(), record);
            if (!request.accepts(stored)) {
              return true;
            }
            visited[0]++;
            if (!visitor.visit(stored) || visited[0] >= request.limit()) {
              stopped[0] = true;
              return false;
            }
            return true;
          });
      if (stopped[0] || visited[0] >= request.limit()) {
        break;
      }
    }
    return visited[0];
  }

  // ---- subscriptions ----

  @Override
  public List<PartitionClaim> claim(String subscriber, StoreRef store, Set<Integer> partitions) {
    checkOpen();
    LogLimits.checkSubscriber(subscriber, "subscriber");
    LogStoreSpec spec = requireStore(store);
    if (partitions == null || partitions.isEmpty()) {
      throw new InvalidInputException("partitions: at least one is required", "partitions");
    }
    for (int partition : partitions) {
      LogLimits.checkPartition(spec, partition, "partitions");
    }
    Map<Integer, Long> epochs = new TreeMap<>();
    for (int partition : new TreeSet<>(partitions)) {
      String transactionalId = names.claimTransactionalId(subscriber, store, partition);
      // Fence first: once the new producer is initialized, no earlier claim's transaction can
      // commit, so the offsets read below are final for the earlier owners.
      KafkaProducer<byte[], byte[]> producer = claimProducers.fence(transactionalId);
      RecordMetadata written =
          await(
              appender.send(
                  new ProducerRecord<>(
                      names.claims(),
                      key(claimKey(subscriber, store, partition)),
                      Json.write(Json.object().put("claimedAt", Instant.now().toString())))),
              "claiming " + store + " partition " + partition);
      claimProducers.hold(transactionalId, written.offset(), producer);
      epochs.put(partition, written.offset());
    }
    Map<Integer, Long> committed = committedOffsets(subscriber, store);
    List<PartitionClaim> claims = new ArrayList<>();
    epochs.forEach(
        (partition, epoch) -> {
          Long offset = committed.get(partition);
          claims.add(
              new PartitionClaim(
                  subscriber,
                  store,
                  partition,
                  epoch,
                  offset == null ? OptionalLong.empty() : OptionalLong.of(offset)));
        });
    return claims;
  }

  /**
   * Joins the consumer group {@code NAMESPACE.members.SUBSCRIBER} over the stores' topics (see
   * {@link GroupMember}): Kafka's group coordinator shares their partitions among every process
   * that joins with the same subscriber, and moves a member's partitions to the others when it
   * leaves or misses heartbeats for {@link KafkaLogOptions#memberTimeout}. The listener is called
   * on the member's own thread.
   */
  @Override
  public GroupMembership join(String subscriber, Set<StoreRef> stores, GroupListener listener) {
    checkOpen();
    LogLimits.checkSubscriber(subscriber, "subscriber");
    LogLimits.checkStores(stores, "stores");
    Map<String, StoreRef> topics = new TreeMap<>();
    for (StoreRef store : stores) {
      requireStore(store);
      topics.put(names.log(store), store);
    }
    GroupMember member =
        new GroupMember(
            subscriber,
            topics,
            listener,
            clients.member(names.members(subscriber), memberTimeout),
            members::remove);
    members.add(member);
    member.start();
    return member;
  }

  @Override
  public Map<Integer, Long> committedOffsets(String subscriber, StoreRef store) {
    checkOpen();
    String topic = names.log(store);
    Map<Integer, Long> offsets = new TreeMap<>();
    groupOffsets(names.group(subscriber))
        .forEach(
            (partition, offset) -> {
              if (partition.topic().equals(topic) && offset != null) {
                offsets.put(partition.partition(), offset.offset());
              }
            });
    return offsets;
  }

  @Override
  public TransactionResult commit(TransactionBatch batch) {
    checkOpen();
    if (batch.isEmpty()) {
      throw new InvalidInputException("a transaction must not be empty", "batch");
    }
    List<List<ProducerRecord<byte[], byte[]>>> appends = new ArrayList<>();
    for (int i = 0; i < batch.appends().size(); i++) {
      TransactionBatch.Append append = batch.appends().get(i);
      LogLimits.checkRecords(append.records(), "appends[" + i + "].records");
      appends.add(encode(requireStore(append.store()), append.records()));
    }
    List<ProducerRecord<byte[], byte[]>> stateWrites = new ArrayList<>();
    for (int i = 0; i < batch.stateWrites().size(); i++) {
      TransactionBatch.StateWrite write = batch.stateWrites().get(i);
      byte[] value = LogLimits.checkStateWrite(write, "stateWrites[" + i + "]");
      stateWrites.add(
          new ProducerRecord<>(
              names.state(), key(stateKey(write.subscriber(), write.key())), value));
    }
    Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new TreeMap<>();
    for (int i = 0; i < batch.offsetCommits().size(); i++) {
      TransactionBatch.OffsetCommit commit = batch.offsetCommits().get(i);
      LogLimits.checkOffset(commit.offset(), "offsetCommits[" + i + "].offset");
      PartitionClaim claim = commit.claim();
      LogLimits.checkPartition(requireStore(claim.store()), claim.partition(), "partition");
      offsets
          .computeIfAbsent(names.group(claim.subscriber()), g -> new HashMap<>())
          .put(
              new TopicPartition(names.log(claim.store()), claim.partition()),
              new OffsetAndMetadata(commit.offset()));
    }
    synchronized (txLock) {
      checkClaims(batch.offsetCommits());
      return runTransaction(batch, appends, stateWrites, offsets);
    }
  }

  private void checkClaims(List<TransactionBatch.OffsetCommit> commits) {
    for (int i = 0; i < commits.size(); i++) {
      TransactionBatch.OffsetCommit commit = commits.get(i);
      PartitionClaim claim = commit.claim();
      CompactedTable.Entry current =
          claimTable.get(claimKey(claim.subscriber(), claim.store(), claim.partition()));
      if (current == null || current.offset() != claim.epoch()) {
        throw claim.fenced(current == null ? "" : " by epoch " + current.offset());
      }
      TopicPartition partition = new TopicPartition(names.log(claim.store()), claim.partition());
      long end = reader.range(partition).end();
      LogLimits.checkNotPastEnd(
          commit.offset(),
          end,
          claim.store(),
          claim.partition(),
          "offsetCommits[" + i + "].offset");
    }
  }

  private TransactionResult runTransaction(
      TransactionBatch batch,
      List<List<ProducerRecord<byte[], byte[]>>> appends,
      List<ProducerRecord<byte[], byte[]>> stateWrites,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets) {
    List<List<Future<RecordMetadata>>> sent = new ArrayList<>();
    List<Future<RecordMetadata>> stateSent = new ArrayList<>();
    PartitionClaim first =
        batch.offsetCommits().isEmpty() ? null : batch.offsetCommits().get(0).claim();
    String claimId =
        first == null
            ? null
            : names.claimTransactionalId(first.subscriber(), first.store(), first.partition());
    KafkaProducer<byte[], byte[]> claimed =
        claimId == null ? null : claimProducers.producerOf(claimId, first.epoch());
    KafkaProducer<byte[], byte[]> producer = claimed != null ? claimed : transactions;
    try {
      producer.beginTransaction();
      // Offsets first: AddOffsetsToTxn answers synchronously, so a fenced producer learns it here
      // rather than through a send that fails in the background.
      offsets.forEach(
          (group, groupOffsets) ->
              producer.sendOffsetsToTransaction(groupOffsets, new ConsumerGroupMetadata(group)));
      for (List<ProducerRecord<byte[], byte[]>> records : appends) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        records.forEach(record -> futures.add(producer.send(record)));
        sent.add(futures);
      }
      stateWrites.forEach(record -> stateSent.add(producer.send(record)));
      producer.commitTransaction();
    } catch (KafkaException e) {
      if (claimed != null) {
        claimProducers.drop(claimId);
        if (!fenced(e)) {
          throw new UnavailableException("the Kafka transaction failed: " + e, e);
        }
        throw new ConflictException(first.fencedMessage(" by a newer claim"), "claim", e);
      }
      if (fenced(e)) {
        transactions.close(Duration.ZERO);
        transactions = newTransactionalProducer();
        throw new UnavailableException("the exchange's transactional producer was fenced", e);
      }
      abortQuietly();
      throw new UnavailableException("the Kafka transaction failed: " + e, e);
    }
    Map<TopicPartition, Long> written = new HashMap<>();
    List<AppendResult> results = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      List<RecordPosition> positions = new ArrayList<>();
      for (Future<RecordMetadata> future : sent.get(i)) {
        RecordMetadata metadata = await(future, "committing a transaction");
        positions.add(new RecordPosition(metadata.partition(), metadata.offset()));
        written.merge(
            new TopicPartition(metadata.topic(), metadata.partition()),
            metadata.offset(),
            Math::max);
      }
      results.add(new AppendResult(batch.appends().get(i).store(), positions));
    }
    for (Future<RecordMetadata> future : stateSent) {
      RecordMetadata metadata = await(future, "committing a transaction");
      written.merge(new TopicPartition(metadata.topic(), 0), metadata.offset(), Math::max);
    }
    awaitVisible(written);
    offsets.forEach(this::awaitCommitted);
    return new TransactionResult(results);
  }

  /**
   * Waits until the group coordinator shows a transaction's offsets: like records, they become
   * visible when the commit markers are written, after the commit was acknowledged.
   */
  private void awaitCommitted(String group, Map<TopicPartition, OffsetAndMetadata> committed) {
    waitFor(
        () -> {
          Map<TopicPartition, OffsetAndMetadata> now = groupOffsets(group);
          return committed.entrySet().stream()
              .allMatch(e -> e.getValue().equals(now.get(e.getKey())));
        },
        "the offsets of " + group + " to become visible");
  }

  /**
   * Waits until the commit markers of a transaction are written: Kafka acknowledges a commit before
   * it writes them, and read_committed readers see the records only afterwards.
   */
  private void awaitVisible(Map<TopicPartition, Long> lastOffsets) {
    if (lastOffsets.isEmpty()) {
      return;
    }
    waitFor(
        () -> {
          Map<TopicPartition, Range> ranges = reader.ranges(lastOffsets.keySet());
          return lastOffsets.entrySet().stream()
              .allMatch(e -> ranges.get(e.getKey()).end() > e.getValue());
        },
        "a committed transaction to become visible");
  }

  @Override
  public Optional<ObjectNode> readState(String subscriber, String key) {
    checkOpen();
    CompactedTable.Entry entry = stateTable.get(stateKey(subscriber, key));
    return entry == null
        ? Optional.empty()
        : Optional.of(Json.parseObject(entry.value(), "state of " + subscriber));
  }

  @Override
  public List<StateEntry> scanState(String subscriber, String keyPrefix) {
    checkOpen();
    String prefix = stateKey(subscriber, "");
    List<StateEntry> entries = new ArrayList<>();
    stateTable
        .withPrefix(stateKey(subscriber, keyPrefix))
        .forEach(
            (key, entry) ->
                entries.add(
                    new StateEntry(
                        key.substring(prefix.length()),
                        Json.parseObject(entry.value(), "state of " + subscriber))));
    return entries;
  }

  // ---- retention ----

  @Override
  public LogStoreInfo applyRetention(StoreRef store) {
    checkOpen();
    LogStoreSpec spec = requireStore(store);
    List<TopicPartition> partitions = partitions(spec);
    Map<TopicPartition, Range> ranges = reader.ranges(partitions);
    List<Map<Integer, Long>> readers = new ArrayList<>();
    for (String declared : spec.retention().consumedBy()) {
      readers.add(committedOffsets(declared, store));
    }
    Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Range range = ranges.get(partition);
      long cut =
          Math.max(
              consumedCut(readers, partition.partition()), retainedCut(spec, partition, range));
      if (cut > range.start()) {
        deletions.put(partition, RecordsToDelete.beforeOffset(cut));
      }
    }
    if (!deletions.isEmpty()) {
      await(admin.deleteRecords(deletions).all(), "trimming " + store);
    }
    return describe(store);
  }

  private static long consumedCut(List<Map<Integer, Long>> readers, int partition) {
    if (readers.isEmpty()) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    for (Map<Integer, Long> offsets : readers) {
      Long offset = offsets.get(partition);
      if (offset == null) {
        return 0;
      }
      min = Math.min(min, offset);
    }
    return min;
  }

  /** The first offset the age and size rules keep. */
  private long retainedCut(LogStoreSpec spec, TopicPartition partition, Range range) {
    Duration maxAge = spec.retention().maxAge();
    Long maxBytes = spec.retention().maxBytes();
    if (maxAge == null && maxBytes == null) {
      return range.start();
    }
    List<long[]> records = new ArrayList<>(); // offset, event time, bytes
    reader.visit(
        partition,
        range.start(),
        range.end(),
        record ->
            records.add(
                new long[] {record.offset(), record.timestamp(), RecordCodec.bytes(record)}));
    int keepFrom = 0;
    if (maxAge != null) {
      long oldest = System.currentTimeMillis() - maxAge.toMillis();
      while (keepFrom < records.size() && records.get(keepFrom)[1] < oldest) {
        keepFrom++;
      }
    }
    if (maxBytes != null) {
      long total = records.stream().mapToLong(r -> r[2]).sum();
      int bySize = 0;
      while (bySize < records.size() && total > maxBytes) {
        total -= records.get(bySize)[2];
        bySize++;
      }
      keepFrom = Math.max(keepFrom, bySize);
    }
    return keepFrom < records.size() ? records.get(keepFrom)[0] : range.end();
  }

  // ---- lifecycle ----

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List.copyOf(members).forEach(GroupMember::close);
    pendingPolls.forEach(poll -> poll.completeExceptionally(closedException()));
    pool.close();
    pollThreads.shutdown();
    appender.close(Duration.ofSeconds(5));
    synchronized (txLock) {
      transactions.close(Duration.ofSeconds(5));
      claimProducers.close();
    }
    storeTable.close();
    claimTable.close();
    stateTable.close();
    admin.close(Duration.ofSeconds(5));
  }

  // ---- helpers ----

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private static UnavailableException closedException() {
    return new UnavailableException("the Kafka log exchange is closed");
  }

  private static void checkMax(int max) {
    if (max < 1) {
      throw new InvalidInputException("max must be >= 1, got " + max, "max");
    }
  }

  private LogStoreSpec requireStore(StoreRef store) {
    CompactedTable.Entry entry = storeTable.get(store.toString());
    if (entry == null) {
      throw new NotFoundException("no log store " + store, "store");
    }
    return SpecCodec.decode(store, entry.value());
  }

  private List<TopicPartition> partitions(LogStoreSpec spec) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < spec.partitions(); p++) {
      partitions.add(new TopicPartition(names.log(spec.store()), p));
    }
    return partitions;
  }

  private List<ProducerRecord<byte[], byte[]>> encode(LogStoreSpec spec, List<LogRecord> records) {
    long now = System.currentTimeMillis();
    String topic = names.log(spec.store());
    List<ProducerRecord<byte[], byte[]>> encoded = new ArrayList<>();
    for (LogRecord record : records) {
      encoded.add(
          new ProducerRecord<>(
              topic,
              LogPartitioner.partition(record.key(), spec.partitions()),
              record.timestamp() == null ? now : record.timestamp().toEpochMilli(),
              key(record.key()),
              Json.write(record.value())));
    }
    return encoded;
  }

  private static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String claimKey(String subscriber, StoreRef store, int partition) {
    return store + "|" + partition + "|" + subscriber;
  }

  private static String stateKey(String subscriber, String key) {
    return subscriber + "\u0000" + key;
  }

  /** True when Kafka refused the transaction because a newer producer has its transactional id. */
  private static boolean fenced(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException
          || cause instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private KafkaProducer<byte[], byte[]> newTransactionalProducer() {
    KafkaProducer<byte[], byte[]> producer = clients.producer(transactionalId);
    producer.initTransactions();
    return producer;
  }

  private void abortQuietly() {
    try {
      transactions.abortTransaction();
    } catch (KafkaException e) {
      transactions.close(Duration.ZERO);
      transactions = newTransactionalProducer();
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> groupOffsets(String group) {
    try {
      return admin
          .listConsumerGroupOffsets(
              group, new ListConsumerGroupOffsetsOptions().requireStable(true))
          .partitionsToOffsetAndMetadata()
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reading offsets of " + group, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw new UnavailableException("reading offsets of " + group + " failed: " + e.getCause(), e);
    }
  }

  private void deleteGroupOffsets(String group, Set<TopicPartition> partitions) {
    Set<TopicPartition> committed = new java.util.HashSet<>();
    groupOffsets(group).keySet().stream().filter(partitions::contains).forEach(committed::add);
    if (!committed.isEmpty()) {
      await(
          admin.deleteConsumerGroupOffsets(group, Set.copyOf(committed)).all(),
          "dropping the offsets of " + group);
    }
  }

  private void createMetaTopic(String topic) {
    NewTopic meta =
        new NewTopic(topic, Optional.of(1), Optional.of(replicationFactor))
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(meta)).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while creating topic " + topic, e);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new UnavailableException("creating topic " + topic + " failed: " + e.getCause(), e);
      }
    }
  }

  private void createTopic(LogStoreSpec spec) {
    String topic = names.log(spec.store());
    NewTopic newTopic =
        new NewTopic(topic, Optional.of(spec.partitions()), Optional.of(replicationFactor))
            .configs(
                Map.of(
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    "CreateTime",
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE));
    waitFor(
        () -> {
          try {
            admin.createTopics(List.of(newTopic)).all().get();
            return true;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
              return false; // still being deleted
            }
            throw new UnavailableException(
                "creating topic " + topic + " failed: " + e.getCause(), e);
          }
        },
        "topic " + topic + " to be created");
    waitFor(
        () -> {
          try {
            reader.ranges(partitions(spec));
            return true;
          } catch (KafkaException e) {
            return false;
          }
        },
        "topic " + topic + " to be ready");
  }

  /** Sets the topic's broker-side retention from the spec's age and size rules. */
  private void configureRetention(LogStoreSpec spec) {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, names.log(spec.store()));
    String ms =
        spec.retention().maxAge() == null ? "-1" : "" + spec.retention().maxAge().toMillis();
    String bytes = spec.retention().maxBytes() == null ? "-1" : "" + spec.retention().maxBytes();
    List<AlterConfigOp> ops =
        List.of(
            new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ms), AlterConfigOp.OpType.SET),
            new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, bytes),
                AlterConfigOp.OpType.SET));
    await(
        admin.incrementalAlterConfigs(Map.of(topic, ops)).all(),
        "setting the retention of " + spec.store());
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void waitFor(Condition condition, String what) {
    long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
    try {
      while (!condition.holds()) {
        if (System.nanoTime() > deadline) {
          throw new UnavailableException("timed out waiting for " + what);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    } catch (KnactorException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting for " + what, e);
    } catch (Exception e) {
      throw new UnavailableException("failed waiting for " + what + ": " + e, e);
    }
  }
}
