package io.knactor.server.registry;

import io.knactor.sync.plan.SyncPlan;

/**
 * A Sync applied to the server: the revisions it keeps, which one runs, that one planned, and how
 * many instances run it.
 *
 * @param plan the current revision checked and planned against the registered schemas and log
 *     stores; null when it no longer checks at load, then {@code problem} says why
 * @param parallelism how many instances run it: 1 when applied, then as set by {@code POST
 *     /api/v1/syncs/{name}/scale}; kept across revisions and restarts
 * @param problem why it does not run, or empty
 */
public record SyncRecord(
    String name, RevisionHistory history, SyncPlan plan, int parallelism, String problem)
    implements IntegratorRecord {
  public SyncRecord {
    problem = problem == null ? "" : problem;
  }

  @Override
  public String kind() {
    return "sync";
  }

  SyncRecord withPlan(SyncPlan plan) {
    return new SyncRecord(name, history, plan, parallelism, "");
  }

  SyncRecord withHistory(RevisionHistory history) {
    return new SyncRecord(name, history, null, parallelism, "");
  }

  SyncRecord withParallelism(int parallelism) {
    return new SyncRecord(name, history, plan, parallelism, problem);
  }
}
