package io.knactor.exchange.kafka.internal;

import io.knactor.core.json.Json;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A log record as a Kafka record: the key's UTF-8 bytes, the value's JSON, the event time as the
 * record's (CreateTime) timestamp.
 */
public final class RecordCodec {
  /** What a record adds to its partition's bytes: key, value and 8 bytes of event time. */
  public static long bytes(ConsumerRecord<byte[], byte[]> record) {
    return record.serializedKeySize() + (long) record.serializedValueSize() + Long.BYTES;
  }

  public static StoredRecord decode(StoreRef store, ConsumerRecord<byte[], byte[]> record) {
    return new StoredRecord(
        store,
        record.partition(),
        record.offset(),
        new String(record.key(), StandardCharsets.UTF_8),
        Instant.ofEpochMilli(record.timestamp()),
        Json.parseObject(record.value(), "record of " + store));
  }

  private RecordCodec() {}
}
