package io.knactor.server.registry;

import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.CheckResult;
import io.knactor.cast.check.Issue;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.cast.spec.InputDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks Cast specs against a registry snapshot: its schemas (through {@link CastChecker}) and its
 * knactors (every input store must be registered, since an integrator reaches only registered
 * stores). Thread-safe.
 */
final class CastCompiler implements IntegratorCompiler<CastSpec, CompiledCast> {
  private final FunctionRegistry functions;

  CastCompiler(FunctionRegistry functions) {
    this.functions = functions;
  }

  FunctionRegistry functions() {
    return functions;
  }

  @Override
  public CastSpec parse(String source, String name) {
    return CastSpecParser.parse(source, name + ".cast.yaml");
  }

  /** Every error of the checker and every input store no knactor is registered for. */
  @Override
  public Checked<CompiledCast> check(CastSpec spec, long revision, RegistryState state) {
    CheckResult result =
        new CastChecker(SchemaCatalog.of(state.schemas().values()), functions)
            .check(spec, revision);
    List<String> out = new ArrayList<>();
    unregisteredInputs(spec.inputs().values(), state).stream()
        .map(Issue::toString)
        .forEach(out::add);
    result.errors().stream().map(Issue::toString).forEach(out::add);
    return new Checked<>(out.isEmpty() ? result.orThrow() : null, out);
  }

  /** A problem for every input whose store no knactor is registered for. */
  static List<Issue> unregisteredInputs(Iterable<InputDecl> inputs, RegistryState state) {
    List<Issue> out = new ArrayList<>();
    for (InputDecl input : inputs) {
      if (state.knactor(input.store()).isEmpty()) {
        out.add(
            Issue.error(
                input.location(),
                "input." + input.alias(),
                "unknown store '" + input.store() + "': no knactor is registered for it"));
      }
    }
    return out;
  }
}
