package io.knactor.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.StoreRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the effects of processing some input, then commits them atomically: the outputs, the
 * operator state and the input offsets (the exactly-once step of a stateful operator).
 *
 * <pre>{@code
 * exchange.transaction()
 *     .append(output, List.of(LogRecord.of("room-1", reading)))
 *     .putState("sync.energy", "room-1", total)
 *     .commitOffset(claim, lastOffset + 1)
 *     .commit();
 * }</pre>
 *
 * <p>Not thread-safe; use one transaction per thread, and each only once.
 */
public final class LogTransaction {
  private final LogExchange exchange;
  private final List<TransactionBatch.Append> appends = new ArrayList<>();
  private final List<TransactionBatch.StateWrite> stateWrites = new ArrayList<>();
  private final List<TransactionBatch.OffsetCommit> offsetCommits = new ArrayList<>();

  public LogTransaction(LogExchange exchange) {
    this.exchange = exchange;
  }

  public LogTransaction append(StoreRef store, List<LogRecord> records) {
    appends.add(new TransactionBatch.Append(store, records));
    return this;
  }

  public LogTransaction putState(String subscriber, String key, ObjectNode value) {
    if (value == null) {
      throw new NullPointerException("value (use deleteState to delete)");
    }
    stateWrites.add(new TransactionBatch.StateWrite(subscriber, key, value));
    return this;
  }

  public LogTransaction deleteState(String subscriber, String key) {
    stateWrites.add(new TransactionBatch.StateWrite(subscriber, key, null));
    return this;
  }

  public LogTransaction commitOffset(PartitionClaim claim, long offset) {
    offsetCommits.add(new TransactionBatch.OffsetCommit(claim, offset));
    return this;
  }

  /** The collected effects, as {@link #commit} would submit them. */
  public TransactionBatch batch() {
    return new TransactionBatch(appends, stateWrites, offsetCommits);
  }

  /**
   * Commits everything collected, atomically and durably; see {@link LogExchange#commit}.
   *
   * @throws io.knactor.core.error.ConflictException when a claim was superseded; nothing committed
   */
  public TransactionResult commit() {
    return exchange.commit(batch());
  }
}
