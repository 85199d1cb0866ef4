package io.knactor.exchange.kafka.internal;

import io.knactor.core.error.UnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reuses read_committed consumers (creating one costs a metadata round trip), one per caller at a
 * time since a KafkaConsumer is single-threaded. {@link #close} wakes the ones in use.
 */
public final class ConsumerPool implements AutoCloseable {
  private final KafkaClients clients;
  private final Deque<KafkaConsumer<byte[], byte[]>> idle = new ArrayDeque<>();
  private final Set<KafkaConsumer<byte[], byte[]>> inUse = new HashSet<>();
  private boolean closed;

  public ConsumerPool(KafkaClients clients) {
    this.clients = clients;
  }

  public KafkaConsumer<byte[], byte[]> borrow() {
    KafkaConsumer<byte[], byte[]> consumer;
    synchronized (this) {
      if (closed) {
        throw new UnavailableException("the Kafka log exchange is closed");
      }
      consumer = idle.pollFirst();
    }
    if (consumer == null) {
      consumer = clients.consumer();
    }
    synchronized (this) {
      inUse.add(consumer);
    }
    return consumer;
  }

  public void release(KafkaConsumer<byte[], byte[]> consumer) {
    consumer.unsubscribe();
    synchronized (this) {
      inUse.remove(consumer);
      if (!closed) {
        idle.addFirst(consumer);
        return;
      }
    }
    consumer.close(Duration.ZERO);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      inUse.forEach(KafkaConsumer::wakeup);
    }
    KafkaConsumer<byte[], byte[]> consumer;
    while ((consumer = pollIdle()) != null) {
      consumer.close(Duration.ZERO);
    }
  }

  private synchronized KafkaConsumer<byte[], byte[]> pollIdle() {
    return idle.pollFirst();
  }
}
