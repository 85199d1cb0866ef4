package io.knactor.server.registry;

import io.knactor.cast.compile.CompiledCast;

/**
 * A Cast applied to the server: the revisions it keeps, which one runs, and that one compiled.
 *
 * @param compiled the current revision compiled against the registered schemas; null when it no
 *     longer compiles at load (a function provider went missing), then {@code problem} says why
 * @param problem why it does not run, or empty
 */
public record CastRecord(
    String name, RevisionHistory history, CompiledCast compiled, String problem)
    implements IntegratorRecord {
  public CastRecord {
    problem = problem == null ? "" : problem;
  }

  @Override
  public String kind() {
    return "cast";
  }

  CastRecord withCompiled(CompiledCast compiled) {
    return new CastRecord(name, history, compiled, "");
  }
}
