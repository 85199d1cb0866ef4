package io.knactor.exchange.embedded.log;

import io.knactor.core.json.Json;
import io.knactor.core.log.AppendResult;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.LogTransaction;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.RecordPosition;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child process of {@link EmbeddedLogCrashRecoveryIT}: appenders that print {@code ACK writer n
 * partition offset} after each acknowledged append to {@link #IN}, and one exactly-once processor
 * that copies {@link #IN} to {@link #OUT}, counting in its state, and prints {@code TX count} after
 * each committed transaction, until the process is killed.
 *
 * <p>Arguments: the exchange directory and the number of appenders.
 */
public final class LogCrashMain {
  static final StoreRef IN = StoreRef.parse("Crash/v1/Sensor/in");
  static final StoreRef OUT = StoreRef.parse("Crash/v1/Sink/out");
  static final String PROCESSOR = "copier";

  private LogCrashMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int appenders = Integer.parseInt(args[1]);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    EmbeddedLogExchange ex = EmbeddedLogExchange.open(dir);
    ex.createStore(LogStoreSpec.of(IN, "Reading", 3));
    ex.createStore(LogStoreSpec.of(OUT, "Copy", 2));
    for (int w = 0; w < appenders; w++) {
      int writer = w;
      new Thread(
              () -> {
                for (long n = 0; ; n++) {
                  AppendResult result =
                      ex.append(
                          IN,
                          List.of(
                              LogRecord.of(
                                  "w" + writer + "-" + (n % 5),
                                  Json.object().put("writer", writer).put("n", n))));
                  RecordPosition at = result.positions().get(0);
                  out.println("ACK " + writer + " " + n + " " + at.partition() + " " + at.offset());
                }
              },
              "appender-" + w)
          .start();
    }
    copy(ex, out);
  }

  /** Copies every input record once to OUT, with a running count in state, exactly once. */
  private static void copy(EmbeddedLogExchange ex, PrintStream out) throws InterruptedException {
    List<PartitionClaim> claims = ex.claim(PROCESSOR, IN, Set.of(0, 1, 2));
    Map<Integer, Long> next = new HashMap<>();
    for (PartitionClaim claim : claims) {
      next.put(claim.partition(), claim.resumeOffset(0));
    }
    long count = ex.readState(PROCESSOR, "count").map(s -> s.get("n").asLong()).orElse(0L);
    while (true) {
      List<StoredRecord> batch = ex.poll(IN, next, 50, Duration.ofSeconds(1));
      if (batch.isEmpty()) {
        continue;
      }
      List<LogRecord> copies = new ArrayList<>();
      for (StoredRecord record : batch) {
        copies.add(
            LogRecord.of(
                record.key(),
                Json.object().put("p", record.partition()).put("o", record.offset())));
        next.put(record.partition(), record.offset() + 1);
      }
      count += batch.size();
      LogTransaction tx =
          ex.transaction()
              .append(OUT, copies)
              .putState(PROCESSOR, "count", Json.object().put("n", count));
      for (PartitionClaim claim : claims) {
        tx.commitOffset(claim, next.get(claim.partition()));
      }
      tx.commit();
      out.println("TX " + count);
    }
  }
}
