package io.knactor.exchange.kafka.internal;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads committed records of partitions with pooled consumers (assign and seek, no group). A
 * partition's end is its last stable offset: records of open transactions are not visible yet.
 */
public final class PartitionReader {
  /** How long a read waits for the broker before giving up (reads never wait for new records). */
  private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  /** A partition's retained offsets, {@code [start, end)}. */
  public record Range(long start, long end) {}

  private final ConsumerPool pool;

  public PartitionReader(ConsumerPool pool) {
    this.pool = pool;
  }

  public Map<TopicPartition, Range> ranges(Collection<TopicPartition> partitions) {
    KafkaConsumer<byte[], byte[]> consumer = pool.borrow();
    try {
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Range> ranges = new TreeMap<>(PartitionReader::compare);
      for (TopicPartition partition : partitions) {
        ranges.put(partition, new Range(starts.get(partition), ends.get(partition)));
      }
      return ranges;
    } finally {
      pool.release(consumer);
    }
  }

  public Range range(TopicPartition partition) {
    return ranges(List.of(partition)).get(partition);
  }

  /**
   * Checks that {@code offset} is retained or the end of {@code range}.
   *
   * @param where names the partition in messages, e.g. {@code Home/v1/Motion/m partition 2}
   */
  public static void checkOffset(long offset, Range range, String where) {
    if (offset < 0) {
      throw new InvalidInputException("offset must be >= 0, got " + offset, "offset");
    }
    if (offset < range.start()) {
      throw new ExpiredException(
          "offset "
              + offset
              + " of "
              + where
              + " was dropped by retention; the first retained offset is "
              + range.start(),
          "offset");
    }
    if (offset > range.end()) {
      throw new InvalidInputException(
          "offset " + offset + " is past the end " + range.end() + " of " + where, "offset");
    }
  }

  /**
   * Visits the committed records of one partition from {@code from} (inclusive) to {@code to}
   * (exclusive, at most the end when called), in offset order, until {@code visitor} returns false.
   */
  public void visit(
      TopicPartition partition,
      long from,
      long to,
      Predicate<ConsumerRecord<byte[], byte[]>> visitor) {
    if (from >= to) {
      return;
    }
    KafkaConsumer<byte[], byte[]> consumer = pool.borrow();
    try {
      consumer.assign(List.of(partition));
      consumer.seek(partition, from);
      long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
      while (consumer.position(partition) < to) {
        if (System.nanoTime() > deadline) {
          throw new UnavailableException(
              "Kafka did not deliver " + partition + " from offset " + from + " in time");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.offset() >= to || !visitor.test(record)) {
            return;
          }
        }
      }
    } finally {
      pool.release(consumer);
    }
  }

  /** Up to {@code max} records of one partition from {@code from} to {@code to}. */
  public List<ConsumerRecord<byte[], byte[]>> read(
      TopicPartition partition, long from, long to, int max) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    visit(
        partition,
        from,
        to,
        record -> {
          records.add(record);
          return records.size() < max;
        });
    return records;
  }

  /** The bytes of the records in {@code range}, as {@link RecordCodec#bytes} counts them. */
  public long bytes(TopicPartition partition, Range range) {
    long[] total = {0};
    visit(
        partition,
        range.start(),
        range.end(),
        record -> {
          total[0] += RecordCodec.bytes(record);
          return true;
        });
    return total[0];
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }
}
