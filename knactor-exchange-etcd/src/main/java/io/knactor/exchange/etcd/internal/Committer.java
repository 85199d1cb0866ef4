package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Commits batches with optimistic concurrency on the exchange's counter: read the state, plan a txn
 * that compares the counter's mod revision, send it; when another commit came in between (compare
 * failed), read and plan again.
 *
 * <p>When the connection breaks after a txn left, its fate is unknown. The committer then fences
 * it: a second txn that rewrites the counter only if it is still unchanged. If the fence applies,
 * the lost txn never can (its compare now fails), so the batch is planned again; if the fence's
 * compare fails, the counter moved, and the history entry of the batch's first version, read at the
 * revision that committed that version, tells whether it was this batch (its commit id). So a batch
 * is applied once or reported as not applied, never twice.
 *
 * <p>Commits of one exchange instance take turns (a lock), so its own threads do not contend;
 * several processes on one exchange contend only on the counter. Thread-safe.
 */
public final class Committer {
  private static final int MAX_ATTEMPTS = 1000;
  private static final int MAX_UNANSWERED = 5;

  private final EtcdClient client;
  private final Reader reader;
  private final Revisions revisions;
  private final BatchPlanner planner;
  private final Layout layout;
  private final long maxRequestBytes;
  private final ReentrantLock turn = new ReentrantLock(true);

  public Committer(
      EtcdClient client,
      Reader reader,
      Revisions revisions,
      BatchPlanner planner,
      Layout layout,
      long maxRequestBytes) {
    this.client = client;
    this.reader = reader;
    this.revisions = revisions;
    this.planner = planner;
    this.layout = layout;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * @throws io.knactor.core.error.KnactorException as {@code ObjectExchange.commit} specifies;
   *     UnavailableException when etcd cannot be reached (the batch was then not applied)
   */
  public CommitResult commit(WriteBatch batch) {
    BatchPlanner.validate(batch);
    Set<ObjectKey> keys = new LinkedHashSet<>();
    for (Write write : batch.writes()) {
      keys.add(write.key());
    }
    List<ObjectKey> keyList = new ArrayList<>(keys);
    turn.lock();
    try {
      int unanswered = 0;
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        Reader.State state = reader.readForCommit(keyList);
        String commit = UUID.randomUUID().toString();
        BatchPlanner.Plan plan = planner.plan(batch, state, commit, Instant.now());
        checkSize(batch, plan);
        EtcdClient.WriteOutcome outcome = client.write(plan.txn());
        if (outcome == EtcdClient.WriteOutcome.UNKNOWN) {
          outcome = settle(plan, state.counter());
          if (outcome != EtcdClient.WriteOutcome.SUCCEEDED && ++unanswered == MAX_UNANSWERED) {
            throw new UnavailableException(
                "etcd at "
                    + client.endpoints()
                    + " did not answer a commit of "
                    + batch.writes().size()
                    + " writes "
                    + MAX_UNANSWERED
                    + " times; it was not applied",
                "objects");
          }
        }
        if (outcome == EtcdClient.WriteOutcome.SUCCEEDED) {
          return new CommitResult(plan.objects());
        }
      }
      throw new UnavailableException(
          "gave up committing a batch of "
              + batch.writes().size()
              + " writes after "
              + MAX_ATTEMPTS
              + " attempts: other writers kept committing first",
          "objects");
    } finally {
      turn.unlock();
    }
  }

  private void checkSize(WriteBatch batch, BatchPlanner.Plan plan) {
    if (plan.putBytes() > maxRequestBytes) {
      throw new InvalidInputException(
          "a batch of "
              + batch.writes().size()
              + " writes starting with object "
              + plan.first().key()
              + " needs an etcd request of "
              + plan.putBytes()
              + " bytes (each write stores its document twice: current state and history), over"
              + " this exchange's maxRequestBytes of "
              + maxRequestBytes
              + "; write smaller batches, or raise etcd's --max-request-bytes and the exchange's"
              + " maxRequestBytes together",
          "data");
    }
  }

  /** Finds out whether a txn whose answer was lost applied: SUCCEEDED or COMPARE_FAILED. */
  private EtcdClient.WriteOutcome settle(BatchPlanner.Plan plan, Reader.Counter before) {
    while (true) {
      EtcdClient.WriteOutcome fence = client.write(fence(before));
      if (fence == EtcdClient.WriteOutcome.SUCCEEDED) {
        return EtcdClient.WriteOutcome.COMPARE_FAILED;
      }
      if (fence == EtcdClient.WriteOutcome.COMPARE_FAILED) {
        return applied(plan)
            ? EtcdClient.WriteOutcome.SUCCEEDED
            : EtcdClient.WriteOutcome.COMPARE_FAILED;
      }
    }
  }

  private boolean applied(BatchPlanner.Plan plan) {
    Records.Entry first = plan.first();
    long revision = revisions.atOrBelow(first.version() - 1, "settling a commit") + 1;
    try {
      Optional<Records.Entry> entry = reader.entryAt(first.key(), first.version(), revision);
      return entry.isPresent() && entry.get().commit().equals(first.commit());
    } catch (EtcdClient.CompactedException e) {
      throw new UnavailableException(
          "lost the answer to a commit and etcd compacted the revision that would tell whether it"
              + " applied; read the objects to find out",
          "objects",
          e);
    }
  }

  private ObjectNode fence(Reader.Counter before) {
    ObjectNode txn = layout.txnIfCounterAt(before.modRevision());
    txn.putArray("success")
        .addObject()
        .putObject("request_put")
        .put("key", Layout.b64(layout.counter()))
        .put("value", Layout.b64(Long.toString(before.value()).getBytes(StandardCharsets.UTF_8)));
    return txn;
  }
}
