package io.knactor.exchange.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A compacted single-partition topic read into memory: the latest value of each key, with the
 * offset of the record that set it. {@link #catchUp} reads up to the topic's committed end, so a
 * read after a write (or after its transaction committed) sees it, in any process.
 */
public final class CompactedTable implements AutoCloseable {
  /** A key's latest value and the offset of the record that wrote it. */
  public record Entry(long offset, byte[] value) {}

  private final TopicPartition partition;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TreeMap<String, Entry> entries = new TreeMap<>();

  public CompactedTable(String topic, KafkaClients clients) {
    this.partition = new TopicPartition(topic, 0);
    this.consumer = clients.consumer();
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  public String topic() {
    return partition.topic();
  }

  /** Reads every committed record written so far. */
  public synchronized void catchUp() {
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    while (consumer.position(partition) < end) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
          entries.remove(key);
        } else {
          entries.put(key, new Entry(record.offset(), record.value()));
        }
      }
    }
  }

  /** The key's latest entry as of now, or null. */
  public synchronized Entry get(String key) {
    catchUp();
    return entries.get(key);
  }

  /** The latest entries whose key starts with {@code prefix}, by key, as of now. */
  public synchronized SortedMap<String, Entry> withPrefix(String prefix) {
    catchUp();
    return new TreeMap<>(entries.subMap(prefix, prefix + Character.MAX_VALUE));
  }

  /** Every latest entry, by key, as of now. */
  public synchronized Map<String, Entry> all() {
    catchUp();
    return new TreeMap<>(entries);
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ZERO);
  }
}
