package io.knactor.server.registry;

import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.CheckResult;
import io.knactor.cast.check.Issue;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.InputDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks Cast specs against a registry snapshot: its schemas (through {@link CastChecker}) and its
 * knactors (every input store must be registered, since an integrator reaches only registered
 * stores). Thread-safe.
 */
final class CastCompiler {
  private final FunctionRegistry functions;

  CastCompiler(FunctionRegistry functions) {
    this.functions = functions;
  }

  FunctionRegistry functions() {
    return functions;
  }

  /** Checks {@code spec} as {@code revision}; the result holds every issue. */
  CheckResult check(CastSpec spec, long revision, RegistryState state) {
    return new CastChecker(SchemaCatalog.of(state.schemas().values()), functions)
        .check(spec, revision);
  }

  /** Every error of {@code result} and every input store no knactor is registered for. */
  static List<String> problems(CastSpec spec, CheckResult result, RegistryState state) {
    List<String> out = new ArrayList<>();
    for (InputDecl input : spec.inputs().values()) {
      if (state.knactor(input.store()).isEmpty()) {
        out.add(
            input.location()
                + ": error: input."
                + input.alias()
                + ": unknown store '"
                + input.store()
                + "': no knactor is registered for it");
      }
    }
    result.errors().stream().map(Issue::toString).forEach(out::add);
    return out;
  }
}
