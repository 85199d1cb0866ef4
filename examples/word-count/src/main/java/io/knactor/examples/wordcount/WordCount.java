package io.knactor.examples.wordcount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionInfo;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.SchemaParser;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.SyncPlan;
import io.knactor.sync.runtime.SyncRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The word count of the Invoker thesis's evaluation as two Syncs over a log exchange: {@code split}
 * reads lines from a 6-partition log and appends one record per word, keyed by the word, to the
 * words log; {@code sum} counts the words (keyed state) and appends each word's running count to
 * the counts log. Every word's counts there are 1, 2, ..., n, in order, exactly when nothing was
 * lost or repeated.
 */
public final class WordCount implements AutoCloseable {
  public static final int PARTITIONS = 6;
  public static final StoreRef TEXT = StoreRef.parse("WordCount/v1/Text/text-1");
  public static final StoreRef WORDS = StoreRef.parse("WordCount/v1/Words/words-1");
  public static final StoreRef COUNTS = StoreRef.parse("WordCount/v1/Counts/counts-1");

  public static final String SPLIT_SPEC =
      """
      kind: Sync
      name: split
      input:
        T: WordCount/v1/Text/text-1
        W: WordCount/v1/Words/words-1
      flows:
        words:
          from: T.line
          pipeline:
            - operator: split-words
          to: W.word
      """;

  public static final String SUM_SPEC =
      """
      kind: Sync
      name: sum
      input:
        W: WordCount/v1/Words/words-1
        C: WordCount/v1/Counts/counts-1
      flows:
        counts:
          from: W.word
          pipeline:
            - operator: sum-words
          to: C.count
      """;

  private static final SchemaCatalog SCHEMAS =
      SchemaCatalog.of(
          List.of(
              SchemaParser.parse("schema: WordCount/v1/Text/Line\ntext: string\n"),
              SchemaParser.parse("schema: WordCount/v1/Words/Word\nword: string\n"),
              SchemaParser.parse(
                  "schema: WordCount/v1/Counts/Count\nword: string\ncount: integer\n")));

  private final LogExchange logs;
  private final SyncRuntime split;
  private final SyncRuntime sum;

  private WordCount(LogExchange logs, SyncRuntime split, SyncRuntime sum) {
    this.logs = logs;
    this.split = split;
    this.sum = sum;
  }

  /**
   * Creates the three log stores (if missing) and starts both Syncs: split with {@code
   * splitParallelism} instances, sum with {@code sumParallelism}. They resume from what {@code
   * logs} has committed.
   */
  public static WordCount start(LogExchange logs, int splitParallelism, int sumParallelism) {
    createStores(logs);
    SyncRuntime split =
        SyncRuntime.start(plan(SPLIT_SPEC, "split.sync.yaml"), logs, splitParallelism);
    try {
      return new WordCount(logs, split, SyncRuntime.start(sumPlan(), logs, sumParallelism));
    } catch (RuntimeException e) {
      split.close();
      throw e;
    }
  }

  /** Creates the text, words and counts log stores when missing. */
  public static void createStores(LogExchange logs) {
    logs.createStore(LogStoreSpec.of(TEXT, "Line", PARTITIONS));
    logs.createStore(LogStoreSpec.of(WORDS, "Word", PARTITIONS));
    logs.createStore(LogStoreSpec.of(COUNTS, "Count", PARTITIONS));
  }

  /** The compiled {@code sum} Sync: words log to running counts. */
  public static SyncPlan sumPlan() {
    return plan(SUM_SPEC, "sum.sync.yaml");
  }

  private static SyncPlan plan(String spec, String file) {
    OperatorRegistry operators =
        OperatorRegistry.builder()
            .register("split-words", new WordCountOperators.Split())
            .register("sum-words", new WordCountOperators.Sum())
            .build();
    return new SyncChecker(SCHEMAS, operators).compile(spec, file);
  }

  public SyncRuntime split() {
    return split;
  }

  public SyncRuntime sum() {
    return sum;
  }

  /** Appends lines {@code from} to {@code to - 1} of the {@link Corpus}, in one atomic append. */
  public void feed(long from, long to) {
    List<LogRecord> records = new ArrayList<>();
    for (long i = from; i < to; i++) {
      ObjectNode value = Json.object();
      value.put("text", Corpus.line(i));
      records.add(LogRecord.of("line-" + i, value));
    }
    logs.append(TEXT, records);
  }

  /** How many lines the text log holds. */
  public long lines() {
    return total(TEXT);
  }

  /** True when both Syncs have processed everything appended so far. */
  public boolean idle() {
    return split.status().lag() == 0 && sum.status().lag() == 0;
  }

  /** Every word's counts in the counts log, in order: exactly 1..n when the run was exact. */
  public Map<String, List<Long>> countSequences() {
    return countSequences(logs);
  }

  /** Every word's counts in the counts log of {@code logs}, in order. */
  public static Map<String, List<Long>> countSequences(LogExchange logs) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (StoredRecord r : readAll(logs, COUNTS)) {
      out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().get("count").asLong());
    }
    return out;
  }

  /** Each word's final count: the last count appended for it. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    countSequences().forEach((word, counts) -> out.put(word, counts.get(counts.size() - 1)));
    return out;
  }

  private long total(StoreRef store) {
    return logs.describe(store).partitions().stream().mapToLong(PartitionInfo::endOffset).sum();
  }

  /** Every record of {@code store}, partition by partition, each in offset order. */
  public static List<StoredRecord> readAll(LogExchange logs, StoreRef store) {
    List<StoredRecord> out = new ArrayList<>();
    for (PartitionInfo p : logs.describe(store).partitions()) {
      for (long next = p.startOffset(); next < p.endOffset(); ) {
        List<StoredRecord> batch = logs.read(store, p.partition(), next, 10_000);
        out.addAll(batch);
        // Not next + size: offsets skip where a backend writes transaction markers (Kafka).
        next = batch.isEmpty() ? p.endOffset() : batch.get(batch.size() - 1).offset() + 1;
      }
    }
    return out;
  }

  /** Stops both Syncs; what they committed stays in the log exchange. */
  @Override
  public void close() {
    try {
      split.close();
    } finally {
      sum.close();
    }
  }
}
