package io.knactor.core.log;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.model.StoreRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which stored records a scan visits: those of {@code partitions} (all when empty) with an offset
 * in [{@code fromOffset}, {@code toOffset}) and an event time in [{@code fromTime}, {@code toTime})
 * that {@code filter} accepts, at most {@code limit} of them. A null bound is open: {@code
 * fromOffset} null starts at each partition's first retained record; {@code toOffset} null ends at
 * its end as of the scan's start. Build with {@link #of(StoreRef)}.
 */
public record ScanRequest(
    StoreRef store,
    Set<Integer> partitions,
    Long fromOffset,
    Long toOffset,
    Instant fromTime,
    Instant toTime,
    Predicate<StoredRecord> filter,
    long limit) {

  public ScanRequest {
    Objects.requireNonNull(store, "store");
    partitions = partitions == null ? Set.of() : Set.copyOf(new TreeSet<>(partitions));
    filter = filter == null ? record -> true : filter;
    if (fromOffset != null) {
      LogLimits.checkOffset(fromOffset, "fromOffset");
    }
    if (toOffset != null) {
      LogLimits.checkOffset(toOffset, "toOffset");
    }
    if (limit < 0) {
      throw new InvalidInputException("limit must be >= 0, got " + limit, "limit");
    }
  }

  /** Every retained record of {@code store}. */
  public static ScanRequest of(StoreRef store) {
    return new ScanRequest(store, Set.of(), null, null, null, null, null, Long.MAX_VALUE);
  }

  public ScanRequest partitions(Set<Integer> only) {
    return new ScanRequest(store, only, fromOffset, toOffset, fromTime, toTime, filter, limit);
  }

  public ScanRequest offsets(Long from, Long to) {
    return new ScanRequest(store, partitions, from, to, fromTime, toTime, filter, limit);
  }

  public ScanRequest times(Instant from, Instant to) {
    return new ScanRequest(store, partitions, fromOffset, toOffset, from, to, filter, limit);
  }

  public ScanRequest where(Predicate<StoredRecord> predicate) {
    return new ScanRequest(
        store, partitions, fromOffset, toOffset, fromTime, toTime, predicate, limit);
  }

  public ScanRequest limit(long max) {
    return new ScanRequest(store, partitions, fromOffset, toOffset, fromTime, toTime, filter, max);
  }

  /** True when {@code record}'s event time is inside the time range and the filter accepts it. */
  public boolean accepts(StoredRecord record) {
    Instant time = record.timestamp();
    return (fromTime == null || !time.isBefore(fromTime))
        && (toTime == null || time.isBefore(toTime))
        && filter.test(record);
  }
}
