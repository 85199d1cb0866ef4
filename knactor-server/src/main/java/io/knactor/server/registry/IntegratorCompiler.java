package io.knactor.server.registry;

import io.knactor.core.error.SpecException;
import java.util.List;

/**
 * Parses and checks one kind of integrator spec (Cast, Sync) against a registry snapshot, for
 * applies, rollbacks, schema changes and loading the registry alike.
 *
 * @param <S> the parsed spec
 * @param <C> what a spec compiles to, which the server runs
 */
interface IntegratorCompiler<S, C> {
  /**
   * The outcome of a check: the compiled spec, or the problems, each naming file, line and column.
   */
  record Checked<C>(C compiled, List<String> problems) {
    public Checked {
      problems = List.copyOf(problems);
    }
  }

  /**
   * @throws SpecException listing every problem of the spec's shape
   */
  S parse(String source, String name);

  /** Checks {@code spec} as {@code revision}; problems are empty exactly when it compiled. */
  Checked<C> check(S spec, long revision, RegistryState state);

  /** Parses and checks a stored revision's source; a shape problem is one of the problems. */
  default Checked<C> compile(String source, String name, long revision, RegistryState state) {
    S spec;
    try {
      spec = parse(source, name);
    } catch (SpecException e) {
      return new Checked<>(null, List.of(e.getMessage()));
    }
    return check(spec, revision, state);
  }
}
