package io.knactor.sync.check;

import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.compile.CelFunctions;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.InputDecl;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.Location;
import io.knactor.core.model.StoreRef;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.SyncPlan;
import io.knactor.sync.spec.FlowDecl;
import io.knactor.sync.spec.OperatorDecl;
import io.knactor.sync.spec.StreamDecl;
import io.knactor.sync.spec.SyncSpec;
import io.knactor.sync.spec.SyncSpecParser;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a parsed Sync spec against the schemas of its stores, compiles its steps and consolidates
 * its flows into a {@link SyncPlan}. It reports every issue in a {@link SyncCheckResult}, throwing
 * only when asked ({@link SyncCheckResult#orThrow}): unknown aliases, stores without schemas,
 * unknown kinds, unknown fields at each step (the record shape is followed through the pipeline),
 * CEL syntax and type errors, a filter that does not yield bool, unknown aggregate functions and
 * non-numeric inputs to them, bad windows, unknown user operators, fields the sink's schema does
 * not declare or types it cannot hold, folds into fields not marked external, and flows that write
 * what they read.
 *
 * <p>Thread-safe: one checker may check many specs concurrently.
 */
public final class SyncChecker {
  /** The name of a query's one flow: its emissions carry it. */
  public static final String QUERY_FLOW = "query";

  private static final String QUERY_ALIAS = "S";
  private final SchemaCatalog catalog;
  private final FunctionRegistry functions;
  private final OperatorRegistry operators;
  private final CelParser parser;
  private final CelRuntime runtime;

  public SyncChecker(
      SchemaCatalog catalog, FunctionRegistry functions, OperatorRegistry operators) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.functions = Objects.requireNonNull(functions, "functions");
    this.operators = Objects.requireNonNull(operators, "operators");
    this.parser =
        CelParserFactory.standardCelParserBuilder()
            .setOptions(CastChecker.OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .build();
    this.runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(CastChecker.OPTIONS)
            .addFunctionBindings(CelFunctions.bindings(functions))
            .addLibraries(CelExtensions.strings())
            .build();
  }

  /** A checker without custom functions. */
  public SyncChecker(SchemaCatalog catalog, OperatorRegistry operators) {
    this(catalog, FunctionRegistry.empty(), operators);
  }

  /** Checks {@code spec} and, when it has no error, plans it as revision 1. */
  public SyncCheckResult check(SyncSpec spec) {
    return check(spec, 1);
  }

  /** Checks {@code spec} and, when it has no error, plans it as {@code revision}. */
  public SyncCheckResult check(SyncSpec spec, long revision) {
    Expressions expressions = new Expressions(spec.file(), parser, runtime, functions);
    return new CheckRun(spec, revision, catalog, operators, expressions).run();
  }

  /**
   * Checks a query's {@code pipeline} over the records of kind {@code kind} in log store {@code
   * store} and, when it has no error, plans it as one flow named {@code query} whose records go
   * back to the caller ({@link io.knactor.sync.plan.Destination.Mode#RESULT}). Issues name the step
   * as {@code pipeline[i].operator}.
   *
   * @param file names the pipeline in issues
   */
  public SyncCheckResult checkQuery(
      StoreRef store, String kind, List<OperatorDecl> pipeline, String file) {
    Location start = new Location(file, 1, 1);
    InputDecl input = new InputDecl(QUERY_ALIAS, store, start);
    FlowDecl flow =
        new FlowDecl(
            QUERY_FLOW,
            start,
            new StreamDecl(new KindRef(QUERY_ALIAS, kind), start),
            pipeline,
            null,
            null);
    SyncSpec spec =
        new SyncSpec(
            file,
            QUERY_FLOW,
            Map.of(QUERY_ALIAS, input),
            List.of(flow),
            "",
            CastSpec.DEFAULT_HISTORY_LIMIT);
    return check(spec);
  }

  /**
   * Parses, checks and plans YAML in one step.
   *
   * @throws io.knactor.core.error.SpecException listing every error with its file and line
   */
  public SyncPlan compile(String yaml, String file) {
    return check(SyncSpecParser.parse(yaml, file)).orThrow();
  }
}
