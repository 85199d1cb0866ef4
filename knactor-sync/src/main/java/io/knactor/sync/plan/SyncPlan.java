package io.knactor.sync.plan;

import io.knactor.core.log.LogExchange;
import io.knactor.sync.spec.SyncSpec;
import java.util.List;
import java.util.Optional;

/**
 * A checked and compiled Sync spec, ready to run: one {@link SourcePlan} per source. Immutable and
 * thread-safe; the runtime only consumes it.
 */
public record SyncPlan(SyncSpec spec, long revision, List<SourcePlan> sources) {
  public SyncPlan {
    sources = List.copyOf(sources);
  }

  public String name() {
    return spec.name();
  }

  public Optional<SourcePlan> source(SourceStream stream) {
    return sources.stream().filter(s -> s.source().equals(stream)).findFirst();
  }

  /**
   * How many partitions the plan's sources have together in {@code logs}: the most instances it can
   * use. The internal store of a {@code repartition} step has those of the source feeding it, and
   * counts so before the runtime creates it.
   */
  public int partitions(LogExchange logs) {
    int total = 0;
    for (SourcePlan source : sources) {
      SourcePlan named = source;
      while (named.upstream() != null) {
        named = source(named.upstream()).orElseThrow();
      }
      total += logs.describe(named.source().store()).spec().partitions();
    }
    return total;
  }

  /** The operators the plan runs per record of every source, after consolidation. */
  public int operatorCount() {
    return sources.stream().mapToInt(SourcePlan::operatorCount).sum();
  }
}
