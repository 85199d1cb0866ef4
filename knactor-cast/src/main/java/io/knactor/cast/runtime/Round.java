package io.knactor.cast.runtime;

import io.knactor.cast.eval.Evaluation;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The evaluations of consecutive changes that commit as one batch, with the position of the last:
 * one exchange commit (one fsync) for many changes. No evaluation of a round reads what an earlier
 * one writes ({@link #mayBeReadBy}), and their writes touch distinct objects ({@link #overlaps}),
 * so that each write's expected version is the one its evaluation read. Owned by the runtime's
 * thread.
 */
final class Round {
  /** One change: how to evaluate it again, its evaluation, and its position. */
  record Entry(Supplier<Evaluation> plan, Evaluation evaluation, long at) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Set<ObjectKey> targets = new HashSet<>();
  private final Set<String> targetNames = new HashSet<>();
  private final List<Write> writes = new ArrayList<>();
  private final long revision;
  private Map<String, KeyFailure> failures;

  /**
   * @param failures the failures before the round
   * @param revision the running revision, recorded with new failures
   */
  Round(Map<String, KeyFailure> failures, long revision) {
    this.failures = failures;
    this.revision = revision;
  }

  /** Whether {@code evaluation} writes an object that an evaluation of this round writes. */
  boolean overlaps(Evaluation evaluation) {
    return evaluation.writes().stream().anyMatch(w -> targets.contains(w.key()));
  }

  /**
   * Whether the evaluation of a change to an object named {@code name} (of a singleton kind: to any
   * object) could read what this round writes: it must then see it committed. A change of key
   * {@code k} reads the objects named {@code k} and the singletons; one of a singleton, any key.
   */
  boolean mayBeReadBy(String name, boolean singleton) {
    return singleton ? !writes.isEmpty() : targetNames.contains(name);
  }

  void add(Supplier<Evaluation> plan, Evaluation evaluation, long at) {
    entries.add(new Entry(plan, evaluation, at));
    evaluation.writes().forEach(w -> targets.add(w.key()));
    evaluation.writes().forEach(w -> targetNames.add(w.key().name()));
    writes.addAll(evaluation.writes());
    failures = Failures.after(failures, evaluation, revision, null);
  }

  List<Entry> entries() {
    return entries;
  }

  /** Every write of the round, in the order of its changes. */
  List<Write> writes() {
    return writes;
  }

  /** The failures after every evaluation of the round, were its writes to commit. */
  Map<String, KeyFailure> failures() {
    return failures;
  }

  /** The position of the round's last change. */
  long at() {
    return entries.get(entries.size() - 1).at();
  }
}
