package io.knactor.core.log;

import io.knactor.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a log store may drop its oldest records. Each rule trims a prefix of every partition, so the
 * retained offsets of a partition stay contiguous; a record is dropped as soon as any rule allows
 * it. With no rule set, records are kept forever.
 *
 * @param maxAge drop the oldest records whose event time is older than now minus this (null: no age
 *     limit). Only a prefix goes: a record is kept while an older offset is still kept.
 * @param maxBytes keep at most this many bytes of records per partition, dropping the oldest (null:
 *     no size limit). Bytes are the records' encoded sizes as {@link PartitionInfo#bytes()} reports
 *     them.
 * @param consumedBy declared readers (subscriber names): once every one of them has committed an
 *     offset in a partition, records below the smallest of those offsets are dropped. A declared
 *     reader that has not committed in a partition holds all of it.
 */
public record Retention(Duration maxAge, Long maxBytes, Set<String> consumedBy) {
  public Retention {
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new InvalidInputException(
          "retention maxAge must be positive, got " + maxAge, "retention.maxAge");
    }
    if (maxBytes != null && maxBytes < 0) {
      throw new InvalidInputException(
          "retention maxBytes must be >= 0, got " + maxBytes, "retention.maxBytes");
    }
    consumedBy = consumedBy == null ? Set.of() : Set.copyOf(new TreeSet<>(consumedBy));
    for (String reader : consumedBy) {
      LogLimits.checkSubscriber(reader, "retention.consumedBy");
    }
  }

  /** Keeps every record. */
  public static Retention forever() {
    return new Retention(null, null, Set.of());
  }

  public Retention withMaxAge(Duration age) {
    return new Retention(age, maxBytes, consumedBy);
  }

  public Retention withMaxBytes(long bytes) {
    return new Retention(maxAge, bytes, consumedBy);
  }

  public Retention withConsumedBy(Set<String> readers) {
    return new Retention(maxAge, maxBytes, readers);
  }
}
