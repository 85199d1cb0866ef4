package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Appends under random concurrent appenders: every acknowledged record is read back exactly once,
 * at the position its append returned, each partition's offsets contiguous from 0, and each
 * appender's records of one key in the order it appended them.
 */
public abstract class LogPropertyConformance extends LogRetentionConformance {
  private static final int PARTITIONS = 3;

  /** One appender's batches; each batch is a list of key indexes (keys k0..k5). */
  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void concurrentAppendersReadBackEveryRecordOnceInPartitionOrder(
      @ForAll("appenders") List<List<List<Integer>>> appenders) throws Exception {
    Path tryDir = Files.createTempDirectory("knactor-log-conformance");
    ExecutorService pool = Executors.newFixedThreadPool(appenders.size());
    try (LogExchange exchange = newExchange(tryDir)) {
      exchange.createStore(LogStoreSpec.of(MOTION, "Reading", PARTITIONS));
      List<Future<List<AppendResult>>> running = new ArrayList<>();
      for (int a = 0; a < appenders.size(); a++) {
        int appender = a;
        List<List<Integer>> batches = appenders.get(a);
        running.add(pool.submit(() -> append(exchange, appender, batches)));
      }
      Map<String, RecordPosition> acked = new HashMap<>();
      for (int a = 0; a < appenders.size(); a++) {
        List<AppendResult> results = running.get(a).get();
        int seq = 0;
        for (AppendResult result : results) {
          for (RecordPosition position : result.positions()) {
            acked.put(a + "/" + seq++, position);
          }
        }
      }

      Map<String, RecordPosition> readBack = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        List<StoredRecord> records = exchange.read(MOTION, p, 0, Integer.MAX_VALUE);
        assertThat(offsets(records))
            .as("partition %d offsets", p)
            .isEqualTo(LongStream.range(0, records.size()).boxed().toList());
        Map<String, Integer> lastSeqPerAppenderKey = new HashMap<>();
        for (StoredRecord record : records) {
          int appender = record.value().get("a").asInt();
          int seq = record.value().get("s").asInt();
          assertThat(LogPartitioner.partition(record.key(), PARTITIONS)).isEqualTo(p);
          RecordPosition previous =
              readBack.put(appender + "/" + seq, new RecordPosition(p, record.offset()));
          assertThat(previous).as("record %d/%d read twice", appender, seq).isNull();
          Integer last = lastSeqPerAppenderKey.put(appender + "/" + record.key(), seq);
          assertThat(last == null || last < seq)
              .as("appender %d key %s: seq %d after %s", appender, record.key(), seq, last)
              .isTrue();
        }
      }
      assertThat(readBack).isEqualTo(acked);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<AppendResult> append(
      LogExchange exchange, int appender, List<List<Integer>> batches) {
    List<AppendResult> results = new ArrayList<>();
    int seq = 0;
    for (List<Integer> batch : batches) {
      List<LogRecord> records = new ArrayList<>();
      for (int key : batch) {
        records.add(LogRecord.of("k" + key, Json.object().put("a", appender).put("s", seq++)));
      }
      results.add(exchange.append(MOTION, records));
    }
    return results;
  }

  @Provide
  Arbitrary<List<List<List<Integer>>>> appenders() {
    Arbitrary<List<Integer>> batch =
        Arbitraries.integers().between(0, 5).list().ofMinSize(1).ofMaxSize(8);
    return batch.list().ofMinSize(1).ofMaxSize(40).list().ofMinSize(2).ofMaxSize(6);
  }
}
