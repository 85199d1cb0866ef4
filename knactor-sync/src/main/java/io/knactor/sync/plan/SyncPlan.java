package io.knactor.sync.plan;

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

  /** The operators the plan runs per record of every source, after consolidation. */
  public int operatorCount() {
    return sources.stream().mapToInt(SourcePlan::operatorCount).sum();
  }
}
