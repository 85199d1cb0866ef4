package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks a log backend implements and the helpers its conformance tests share. Backends extend
 * {@link LogExchangeConformanceTest}, not this class; it is public only so that the hooks are
 * visible to subclasses in other packages.
 */
public abstract class LogConformanceFixture {
  /** Motion readings: 4 partitions. */
  protected static final StoreRef MOTION = StoreRef.parse("Home/v1/Motion/motion-a");

  /** The house's events: 2 partitions. */
  protected static final StoreRef HOUSE = StoreRef.parse("Home/v1/House/house-a");

  protected static final String SUBSCRIBER = "sync.house-motion";

  /** How long a test waits for something that must happen; a correct backend needs milliseconds. */
  protected static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir protected Path dir;

  /** The exchange under test, fresh for every test, with {@link #MOTION} and {@link #HOUSE}. */
  protected LogExchange ex;

  /**
   * Opens a fresh, empty log exchange. {@code dir} is a new empty temporary directory that a
   * backend may use for its files or ignore.
   */
  protected abstract LogExchange newExchange(Path dir);

  /**
   * Closes {@code old} and opens the same exchange again, as a restarted process would, for the
   * durability tests. The default aborts those tests: override it in every durable backend.
   */
  protected LogExchange reopen(LogExchange old, Path dir) {
    Assumptions.abort(getClass().getSimpleName() + " declares no reopen hook: not durable");
    return old;
  }

  @BeforeEach
  void openExchange() {
    ex = newExchange(dir);
    ex.createStore(LogStoreSpec.of(MOTION, "Reading", 4));
    ex.createStore(LogStoreSpec.of(HOUSE, "Event", 2));
  }

  /** Exchanges must tolerate a second close, so tests may close {@link #ex} themselves. */
  @AfterEach
  void closeExchange() {
    if (ex != null) {
      ex.close();
    }
  }

  /** Parses JSON written with single quotes, for legible tests. */
  protected static ObjectNode json(String singleQuoted) {
    return Json.parseObject(singleQuoted.replace('\'', '"'), "test record");
  }

  protected static LogRecord rec(String key, String singleQuoted) {
    return LogRecord.of(key, json(singleQuoted));
  }

  protected static LogRecord rec(String key, Instant time, String singleQuoted) {
    return new LogRecord(key, time, json(singleQuoted));
  }

  /** Records {@code from} to {@code to - 1} with key {@code key} and value {@code {'n': i}}. */
  protected static List<LogRecord> numbered(String key, int from, int to) {
    return IntStream.range(from, to).mapToObj(n -> rec(key, "{'n':" + n + "}")).toList();
  }

  /** A key that lands in {@code partition} of a store with {@code partitions} partitions. */
  protected static String keyIn(int partition, int partitions) {
    for (int i = 0; ; i++) {
      String key = "k" + i;
      if (LogPartitioner.partition(key, partitions) == partition) {
        return key;
      }
    }
  }

  /** Every retained record of one partition, in offset order. */
  protected List<StoredRecord> readAll(StoreRef store, int partition) {
    long from = ex.describe(store).partition(partition).startOffset();
    List<StoredRecord> all = new ArrayList<>();
    while (true) {
      List<StoredRecord> batch = ex.read(store, partition, from, 100);
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      from = batch.get(batch.size() - 1).offset() + 1;
    }
  }

  protected static List<Long> offsets(List<StoredRecord> records) {
    return records.stream().map(StoredRecord::offset).toList();
  }

  protected static List<Integer> ns(List<StoredRecord> records) {
    return records.stream().map(r -> r.value().get("n").asInt()).toList();
  }

  /** Sets {@link #MOTION}'s retention (it keeps its kind and 4 partitions). */
  protected void retainMotion(Retention retention) {
    ex.createStore(LogStoreSpec.of(MOTION, "Reading", 4).withRetention(retention));
  }

  protected PartitionClaim claimOne(String subscriber, StoreRef store, int partition) {
    return ex.claim(subscriber, store, Set.of(partition)).get(0);
  }
}
