package io.knactor.exchange.kafka.internal;

import io.knactor.core.log.GroupListener;
import io.knactor.core.log.GroupMembership;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A member of a subscriber's Kafka consumer group, used only for its membership: the consumer
 * subscribes to the stores' topics with the cooperative sticky assignor and never fetches (every
 * assigned partition stays paused); Kafka's group coordinator decides which member owns which
 * partition, notices a member that stops heartbeating (the session timeout) and hands its
 * partitions to the others. The rebalance callbacks become {@link GroupListener} calls.
 *
 * <p>Owns one thread, which alone touches the consumer and calls the listener.
 */
public final class GroupMember implements GroupMembership, Runnable {
  private static final Logger LOG = Logger.getLogger(GroupMember.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);

  private final String subscriber;
  private final Map<String, StoreRef> stores;
  private final GroupListener listener;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Set<TopicPartition> owned = new HashSet<>();
  private final Thread thread;
  private final Consumer<GroupMember> onClose;
  private volatile boolean running = true;

  /**
   * @param stores the stores of the group, by topic
   * @param consumer a consumer of the group's membership group id, not yet subscribed
   * @param onClose told when the member has left
   */
  public GroupMember(
      String subscriber,
      Map<String, StoreRef> stores,
      GroupListener listener,
      KafkaConsumer<byte[], byte[]> consumer,
      Consumer<GroupMember> onClose) {
    this.subscriber = subscriber;
    this.stores = Map.copyOf(stores);
    this.listener = listener;
    this.consumer = consumer;
    this.onClose = onClose;
    this.thread = new Thread(this, "knactor-kafka-member-" + subscriber);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  @Override
  public String subscriber() {
    return subscriber;
  }

  @Override
  public Set<StoreRef> stores() {
    return Set.copyOf(stores.values());
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(
          stores.keySet(),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              consumer.pause(partitions);
              Set<TopicPartition> gained = new HashSet<>(partitions);
              gained.removeAll(owned);
              owned.addAll(gained);
              tell(gained, listener::assigned);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              lose(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              lose(partitions);
            }
          });
      while (running) {
        consumer.poll(POLL);
      }
    } catch (WakeupException e) {
      // close() asked the poll to end.
    } catch (KafkaException e) {
      LOG.log(Level.WARNING, "group member of " + subscriber + " stopped", e);
    } finally {
      leave();
    }
  }

  /** Leaves the group (the listener is told of every partition revoked) and waits. Idempotent. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void leave() {
    try {
      consumer.unsubscribe();
    } catch (KafkaException e) {
      LOG.log(Level.FINE, "group member of " + subscriber + ": leaving failed", e);
    }
    // Whatever the callbacks of the unsubscribe did not revoke, the member lets go of now.
    lose(List.copyOf(owned));
    consumer.close(Duration.ZERO);
    onClose.accept(this);
  }

  private void lose(Collection<TopicPartition> partitions) {
    Set<TopicPartition> lost = new HashSet<>(partitions);
    lost.retainAll(owned);
    owned.removeAll(lost);
    tell(lost, listener::revoked);
  }

  private interface Call {
    void apply(StoreRef store, Set<Integer> partitions);
  }

  private void tell(Set<TopicPartition> partitions, Call call) {
    Map<String, Set<Integer>> byTopic = new TreeMap<>();
    for (TopicPartition p : partitions) {
      byTopic.computeIfAbsent(p.topic(), t -> new TreeSet<>()).add(p.partition());
    }
    byTopic.forEach(
        (topic, numbers) -> {
          try {
            call.apply(stores.get(topic), Set.copyOf(numbers));
          } catch (RuntimeException e) {
            // The group must go on for the other members; the listener reports its own failures.
            LOG.log(Level.WARNING, "group listener of " + subscriber + " failed", e);
          }
        });
  }
}
