package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.log.LogLimits;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.TransactionBatch;
import io.knactor.core.model.StoreRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction checked and encoded on the caller's thread, so that the writing leader only decides
 * what depends on the exchange's state: store existence, partitions, offsets and claim epochs.
 */
public record PreparedTransaction(
    List<PreparedTransaction.Append> appends,
    List<PreparedTransaction.State> states,
    List<PreparedTransaction.Offset> offsets,
    long bytes) {

  /** Encoded records for one store, with the keys that choose their partitions. */
  record Append(StoreRef store, List<String> keys, List<byte[]> records) {}

  /** A state write: the full RocksDB key, and the value (null to delete). */
  record State(byte[] key, byte[] value) {}

  record Offset(PartitionClaim claim, long offset, String field) {}

  /** One append of {@code records}, errors naming {@code records[i]}. */
  public static PreparedTransaction ofAppend(StoreRef store, List<LogRecord> records) {
    Append append = append(store, records, "records", Instant.now().toEpochMilli());
    return new PreparedTransaction(List.of(append), List.of(), List.of(), bytes(append));
  }

  /** Errors name the part of the batch, e.g. {@code appends[1].records[0].key}. */
  public static PreparedTransaction of(TransactionBatch batch) {
    if (batch.isEmpty()) {
      throw new InvalidInputException(
          "the transaction is empty: it appends, writes state and commits offsets nothing",
          "transaction");
    }
    long now = Instant.now().toEpochMilli();
    long bytes = 0;
    List<Append> appends = new ArrayList<>();
    for (int i = 0; i < batch.appends().size(); i++) {
      TransactionBatch.Append a = batch.appends().get(i);
      Append append = append(a.store(), a.records(), "appends[" + i + "].records", now);
      appends.add(append);
      bytes += bytes(append);
    }
    List<State> states = new ArrayList<>();
    for (int i = 0; i < batch.stateWrites().size(); i++) {
      TransactionBatch.StateWrite write = batch.stateWrites().get(i);
      byte[] value = LogLimits.checkStateWrite(write, "stateWrites[" + i + "]");
      states.add(new State(LogKeys.state(write.subscriber(), write.key()), value));
      bytes += value == null ? 0 : value.length;
    }
    List<Offset> offsets = new ArrayList<>();
    for (int i = 0; i < batch.offsetCommits().size(); i++) {
      TransactionBatch.OffsetCommit commit = batch.offsetCommits().get(i);
      String at = "offsetCommits[" + i + "].offset";
      LogLimits.checkOffset(commit.offset(), at);
      offsets.add(new Offset(commit.claim(), commit.offset(), at));
    }
    return new PreparedTransaction(appends, states, offsets, bytes);
  }

  private static Append append(StoreRef store, List<LogRecord> records, String field, long now) {
    List<byte[]> values = LogLimits.checkRecords(records, field);
    List<String> keys = new ArrayList<>(records.size());
    List<byte[]> encoded = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      LogRecord record = records.get(i);
      long time = record.timestamp() == null ? now : record.timestamp().toEpochMilli();
      keys.add(record.key());
      encoded.add(
          LogCodec.record(time, record.key().getBytes(StandardCharsets.UTF_8), values.get(i)));
    }
    return new Append(store, keys, encoded);
  }

  private static long bytes(Append append) {
    return append.records().stream().mapToLong(r -> r.length).sum();
  }
}
