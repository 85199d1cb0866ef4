package io.knactor.cast.check;

import dev.cel.common.CelOptions;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.knactor.cast.compile.CelFunctions;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.CastSpecParser;
import java.util.Objects;

/**
 * Checks a parsed Cast spec against the schemas of its stores and compiles it. It reports every
 * issue in a {@link CheckResult} (throwing only when asked, by {@link CheckResult#orThrow}):
 *
 * <ul>
 *   <li>errors: unknown alias, store without schemas, unknown kind ({@code C.order} finds the
 *       schema kind {@code Order}, or else {@code order}: see the package documentation), unknown
 *       field including nested paths, CEL syntax and type errors (each alias's kinds are typed from
 *       their schemas and {@code this} is the target object), a result type the target field cannot
 *       hold, a target field not marked {@code +kr: external}, overlapping targets, a singleton
 *       filled from a kind with many objects, unknown functions, and cycles among the rules;
 *   <li>warnings: external fields of target kinds that no rule fills, inputs no rule uses.
 * </ul>
 *
 * <p>Thread-safe: one checker may check many specs concurrently.
 */
public final class CastChecker {
  public static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(100_000)
          .build();

  private final SchemaCatalog catalog;
  private final FunctionRegistry functions;
  private final CelParser parser;
  private final CelRuntime runtime;

  public CastChecker(SchemaCatalog catalog, FunctionRegistry functions) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.functions = Objects.requireNonNull(functions, "functions");
    this.parser =
        CelParserFactory.standardCelParserBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .build();
    this.runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addFunctionBindings(CelFunctions.bindings(functions))
            .addLibraries(CelExtensions.strings())
            .build();
  }

  /** Checks {@code spec} and, when it has no error, compiles it as revision 1. */
  public CheckResult check(CastSpec spec) {
    return check(spec, 1);
  }

  /** Checks {@code spec} and, when it has no error, compiles it as {@code revision}. */
  public CheckResult check(CastSpec spec, long revision) {
    return new CheckRun(spec, revision, catalog, functions, parser, runtime).run();
  }

  /**
   * Parses, checks and compiles YAML in one step.
   *
   * @throws io.knactor.core.error.SpecException listing every error with its file and line
   */
  public CompiledCast compile(String yaml, String file) {
    return check(CastSpecParser.parse(yaml, file)).orThrow();
  }
}
