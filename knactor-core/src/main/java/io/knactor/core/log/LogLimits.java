package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits every log exchange enforces, and the checks that name what broke them. Backends call
 * these before they store anything, so bad input is refused the same way on every backend.
 */
public final class LogLimits {
  public static final int MAX_PARTITIONS = 1024;
  public static final int MAX_KEY_BYTES = 1024;
  public static final int MAX_RECORDS_PER_APPEND = 10_000;

  /** Subscriber (consumer group) names, e.g. {@code sync.house-motion} or {@code audit/v2}. */
  public static final Pattern SUBSCRIBER =
      Pattern.compile("[a-z0-9]([-a-z0-9._/]{0,126}[a-z0-9])?");

  private LogLimits() {}

  /**
   * @throws InvalidInputException when {@code partitions} is outside 1..{@value #MAX_PARTITIONS}
   */
  public static void checkPartitionCount(int partitions) {
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new InvalidInputException(
          "partitions must be between 1 and " + MAX_PARTITIONS + ", got " + partitions,
          "partitions");
    }
  }

  /**
   * @throws InvalidInputException naming {@code field} when the name breaks {@link #SUBSCRIBER}
   */
  public static String checkSubscriber(String subscriber, String field) {
    if (subscriber == null || !SUBSCRIBER.matcher(subscriber).matches()) {
      throw new InvalidInputException(
          "invalid subscriber '" + subscriber + "': must match " + SUBSCRIBER.pattern(), field);
    }
    return subscriber;
  }

  /**
   * @throws InvalidInputException naming {@code field} when {@code stores} is null or empty
   */
  public static void checkStores(Set<StoreRef> stores, String field) {
    if (stores == null || stores.isEmpty()) {
      throw new InvalidInputException(field + ": at least one is required", field);
    }
  }

  /**
   * @throws InvalidInputException naming {@code field} when {@code offset} is negative
   */
  public static void checkOffset(long offset, String field) {
    if (offset < 0) {
      throw new InvalidInputException("offset must be >= 0, got " + offset, field);
    }
  }

  /**
   * @throws InvalidInputException when {@code partition} is not one of {@code spec}'s
   */
  public static void checkPartition(LogStoreSpec spec, int partition, String field) {
    if (partition < 0 || partition >= spec.partitions()) {
      throw new InvalidInputException(
          "log store "
              + spec.store()
              + " has partitions 0 to "
              + (spec.partitions() - 1)
              + ", got "
              + partition,
          field);
    }
  }

  /**
   * Checks a record or state key: present and at most {@value #MAX_KEY_BYTES} bytes of UTF-8.
   *
   * @throws InvalidInputException naming {@code field} otherwise
   */
  public static byte[] checkKey(String key, String field) {
    if (key == null || key.isEmpty()) {
      throw new InvalidInputException(field + ": a key is required", field);
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_KEY_BYTES) {
      throw new InvalidInputException(
          field + " is " + bytes.length + " bytes; the limit is " + MAX_KEY_BYTES, field);
    }
    return bytes;
  }

  /**
   * Checks a JSON value against the document limits and returns it serialized.
   *
   * @throws InvalidInputException naming {@code field} when it is missing, oversize or too deep
   */
  public static byte[] checkValue(ObjectNode value, String field) {
    if (value == null) {
      throw new InvalidInputException(field + ": a JSON object is required", field);
    }
    try {
      DocumentLimits.checkDepth(value, field);
      byte[] bytes = Json.write(value);
      DocumentLimits.checkSize(bytes.length, field);
      return bytes;
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.getMessage(), field);
    }
  }

  /**
   * Checks the records of one append and returns their values serialized, in order.
   *
   * @param field names the list in errors, e.g. {@code records} or {@code appends[1].records}; a
   *     bad record is named by its index, e.g. {@code records[3].key}
   * @throws InvalidInputException for an empty or too long list, a missing or oversize key, a
   *     missing, oversize or too deep value
   */
  public static List<byte[]> checkRecords(List<LogRecord> records, String field) {
    if (records == null || records.isEmpty()) {
      throw new InvalidInputException(field + ": at least one record is required", field);
    }
    if (records.size() > MAX_RECORDS_PER_APPEND) {
      throw new InvalidInputException(
          field
              + ": at most "
              + MAX_RECORDS_PER_APPEND
              + " records per append, got "
              + records.size(),
          field);
    }
    List<byte[]> values = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      LogRecord record = records.get(i);
      if (record == null) {
        String at = field + "[" + i + "]";
        throw new InvalidInputException(at + ": a record is required", at);
      }
      // The checks run again with the record's name only to word an error: naming every record up
      // front would cost more than checking it.
      try {
        checkKey(record.key(), "key");
        values.add(checkValue(record.value(), "value"));
      } catch (InvalidInputException e) {
        String at = field + "[" + i + "]";
        checkKey(record.key(), at + ".key");
        checkValue(record.value(), at + ".value");
        throw e;
      }
    }
    return values;
  }

  /**
   * Checks one state write of a transaction, naming {@code field.subscriber}, {@code field.key} or
   * {@code field.value}.
   *
   * @param field names the write in errors, e.g. {@code stateWrites[2]}
   * @return the value serialized, or null for a delete
   */
  public static byte[] checkStateWrite(TransactionBatch.StateWrite write, String field) {
    checkSubscriber(write.subscriber(), field + ".subscriber");
    checkKey(write.key(), field + ".key");
    return write.isDelete() ? null : checkValue(write.value(), field + ".value");
  }

  /**
   * @throws InvalidInputException naming {@code field} when {@code offset} is past {@code end}, the
   *     end of {@code store}'s {@code partition}
   */
  public static void checkNotPastEnd(
      long offset, long end, StoreRef store, int partition, String field) {
    if (offset > end) {
      throw new InvalidInputException(
          "offset "
              + offset
              + " is past the end "
              + end
              + " of "
              + store
              + " partition "
              + partition,
          field);
    }
  }
}
