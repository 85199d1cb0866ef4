package io.knactor.server.registry;

/**
 * Plans a rollback of a Cast or a Sync: a kept revision's spec, checked again against the registry
 * as it is now, becomes the next revision, so the history shows the rollback.
 *
 * @param <C> what the spec compiles to
 */
record Rollback<C>(RevisionHistory history, C compiled) {
  /**
   * @param toRevision the revision to run again; null for the one before the running one
   * @throws io.knactor.core.error.NotFoundException when that revision is not kept
   * @throws io.knactor.core.error.InvalidInputException when it is the running one
   * @throws io.knactor.core.error.SpecException when it no longer checks
   */
  static <C> Rollback<C> plan(
      IntegratorRecord record,
      Long toRevision,
      IntegratorCompiler<?, C> compiler,
      RegistryState state) {
    RevisionHistory history = record.history();
    RevisionHistory.Revision target = history.rollbackTarget(record.what(), toRevision);
    RevisionHistory next =
        history.append(
            target.source(), "rollback to revision " + target.revision(), history.historyLimit());
    IntegratorCompiler.Checked<C> checked =
        compiler.compile(target.source(), record.name(), next.current(), state);
    if (!checked.problems().isEmpty()) {
      throw RevisionHistory.noLongerChecks(record.what(), target, checked.problems());
    }
    return new Rollback<>(next, checked.compiled());
  }
}
