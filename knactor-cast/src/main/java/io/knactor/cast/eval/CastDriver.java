package io.knactor.cast.eval;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies a cast's evaluations to an object exchange: evaluates against the exchange's current
 * objects and commits the planned batch atomically. When a target changed between the read and the
 * commit (a conflict), it reads again and re-plans, a bounded number of times. It keeps no watch
 * position; the long-running runtime feeds it changes. One driver may be shared across threads.
 */
public final class CastDriver {
  /** How often a conflicting evaluation is re-planned before the conflict is thrown. */
  public static final int MAX_ATTEMPTS = 5;

  private final ObjectExchange exchange;
  private final CastEvaluator evaluator;

  public CastDriver(ObjectExchange exchange, CastEvaluator evaluator) {
    this.exchange = exchange;
    this.evaluator = evaluator;
  }

  /** What one application did: the evaluation and, when it wrote, the commit. */
  public record Applied(Evaluation evaluation, Optional<CommitResult> commit) {}

  /**
   * Evaluates {@code change} and commits its writes in one batch.
   *
   * @throws ConflictException when every attempt lost a race with another writer
   */
  public Applied apply(CompiledCast cast, SourceChange change) {
    return commit(() -> evaluator.evaluate(cast, change, ObjectView.of(exchange)));
  }

  /** Evaluates every rule for every key the cast knows, one batch per key: a full resync. */
  public List<Applied> syncAll(CompiledCast cast) {
    List<Applied> applied = new ArrayList<>();
    for (String key : evaluator.keys(cast, ObjectView.of(exchange))) {
      applied.add(commit(() -> evaluator.evaluateKey(cast, key, ObjectView.of(exchange))));
    }
    return applied;
  }

  private Applied commit(Supplier<Evaluation> plan) {
    ConflictException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Evaluation evaluation = plan.get();
      Optional<WriteBatch> batch = evaluation.batch();
      if (batch.isEmpty()) {
        return new Applied(evaluation, Optional.empty());
      }
      try {
        return new Applied(evaluation, Optional.of(exchange.commit(batch.get())));
      } catch (ConflictException e) {
        last = e;
      }
    }
    throw new ConflictException(
        "cast gave up after " + MAX_ATTEMPTS + " conflicting attempts: " + last.getMessage(), last);
  }
}
