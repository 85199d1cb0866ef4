package io.knactor.exchange.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The transactional producers of this instance's current claims, one per claimed (subscriber,
 * store, partition), by transactional id. Claiming a partition initializes a new producer with the
 * claim's transactional id, which makes Kafka fence the producer of every earlier claim of it, in
 * any process: a zombie's transaction on its old producer then fails at the broker.
 */
public final class ClaimProducers implements AutoCloseable {
  private record Held(long epoch, KafkaProducer<byte[], byte[]> producer) {}

  private final KafkaClients clients;
  private final Map<String, Held> held = new HashMap<>();

  public ClaimProducers(KafkaClients clients) {
    this.clients = clients;
  }

  /**
   * A new producer with {@code transactionalId}, initialized: from now on every earlier producer
   * with that id is fenced and its open transaction aborted. Call before recording the claim.
   */
  public KafkaProducer<byte[], byte[]> fence(String transactionalId) {
    KafkaProducer<byte[], byte[]> producer = clients.producer(transactionalId);
    try {
      producer.initTransactions();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return producer;
  }

  /** Keeps {@code producer} as the one of the claim with {@code epoch}, closing the earlier one. */
  public synchronized void hold(
      String transactionalId, long epoch, KafkaProducer<byte[], byte[]> producer) {
    Held earlier = held.put(transactionalId, new Held(epoch, producer));
    if (earlier != null) {
      earlier.producer().close(Duration.ZERO);
    }
  }

  /**
   * The producer of the claim with {@code epoch}, or null when this instance holds no such claim.
   */
  public synchronized KafkaProducer<byte[], byte[]> producerOf(String transactionalId, long epoch) {
    Held current = held.get(transactionalId);
    return current != null && current.epoch() == epoch ? current.producer() : null;
  }

  /** Closes and forgets the producers whose transactional id starts with {@code prefix}. */
  public synchronized void drop(String prefix) {
    for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Held> entry = it.next();
      if (entry.getKey().startsWith(prefix)) {
        entry.getValue().producer().close(Duration.ZERO);
        it.remove();
      }
    }
  }

  @Override
  public synchronized void close() {
    held.values().forEach(h -> h.producer().close(Duration.ofSeconds(5)));
    held.clear();
  }
}
