package io.knactor.cast.check;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSource;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.knactor.cast.compile.CelFunctions;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.plan.CastPlan;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.InputDecl;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.RuleDecl;
import io.knactor.cast.spec.SpecExpression;
import io.knactor.cast.spec.TargetDecl;
import io.knactor.core.schema.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One check of one spec: resolves, types, plans and compiles, collecting every issue. */
final class CheckRun {
  private static final String UNDECLARED = "undeclared reference to '";

  private final CastSpec spec;
  private final long revision;
  private final FunctionRegistry functions;
  private final CelParser parser;
  private final CelRuntime runtime;
  private final Issues issues = new Issues();
  private final KindResolver kinds;
  private final SchemaTypes types = new SchemaTypes();
  private final Set<String> usedAliases = new HashSet<>();
  private boolean allParsed = true;

  /** A rule whose references resolved, waiting to be type-checked. */
  private record ParsedRule(
      RuleDecl decl,
      ResolvedKind target,
      FieldType targetType,
      CelAbstractSyntaxTree ast,
      References refs,
      List<ResolvedKind> inputs,
      boolean readsThis,
      Set<FieldRef> reads,
      boolean clean) {}

  CheckRun(
      CastSpec spec,
      long revision,
      SchemaCatalog catalog,
      FunctionRegistry functions,
      CelParser parser,
      CelRuntime runtime) {
    this.spec = spec;
    this.revision = revision;
    this.functions = functions;
    this.parser = parser;
    this.runtime = runtime;
    this.kinds = new KindResolver(spec, catalog, issues);
  }

  CheckResult run() {
    List<ParsedRule> parsed = new ArrayList<>();
    for (TargetDecl target : spec.targets()) {
      usedAliases.add(target.kind().alias());
      Optional<ResolvedKind> kind =
          kinds.resolve(target.kind(), target.location(), target.kind().toString());
      for (RuleDecl rule : target.rules()) {
        parse(rule, kind.orElse(null)).ifPresent(parsed::add);
      }
      kind.ifPresent(k -> warnUnfilled(target, k));
    }
    checkOverlaps(parsed);
    checkSingletons(parsed);
    List<CompiledRule> compiled = typeCheck(parsed.stream().filter(ParsedRule::clean).toList());
    Map<FieldRef, Set<FieldRef>> reads = new LinkedHashMap<>();
    parsed.forEach(rule -> reads.put(rule.decl().target(), rule.reads()));
    CastPlan plan = CastPlan.of(reads);
    for (List<FieldRef> cycle : plan.cycles()) {
      RuleDecl first =
          parsed.stream()
              .filter(r -> r.decl().target().equals(cycle.get(0)))
              .findFirst()
              .orElseThrow()
              .decl();
      issues.error(
          first.location(),
          first.target().toString(),
          "cycle: " + cycle.stream().map(FieldRef::toString).collect(Collectors.joining(" -> ")));
    }
    if (allParsed) {
      warnUnused();
    }
    if (issues.hasErrors()) {
      return new CheckResult(spec.file(), issues.all(), null);
    }
    return new CheckResult(
        spec.file(),
        issues.all(),
        new CompiledCast(spec, revision, kinds.resolvedKinds(), compiled, plan));
  }

  /**
   * Checks a rule's target and resolves its expression's references; empty when the expression does
   * not parse. A rule with other errors is returned unclean, so its reads still count for cycle
   * detection.
   */
  private Optional<ParsedRule> parse(RuleDecl rule, ResolvedKind target) {
    int errorsBefore = issues.errorCount();
    String field = rule.target().toString();
    FieldType targetType = target == null ? null : checkTarget(rule, target);
    CelValidationResult parsedExpr = parser.parse(rule.expression().text(), spec.file());
    if (parsedExpr.hasError()) {
      allParsed = false;
      for (CelIssue issue : parsedExpr.getErrors()) {
        issues.error(
            locate(rule.expression(), issue, parsedExpr.getSource()),
            field,
            "syntax error: " + issue.getMessage());
      }
      return Optional.empty();
    }
    CelAbstractSyntaxTree ast = ast(parsedExpr);
    References refs = References.of(ast);
    Set<ResolvedKind> inputs = new LinkedHashSet<>();
    Set<FieldRef> reads = new LinkedHashSet<>();
    boolean readsThis = false;
    boolean unresolved = false;
    for (References.Chain chain : refs.chains()) {
      if (chain.root().equals("this")) {
        readsThis = true;
        if (target != null) {
          readPath(
                  rule,
                  target,
                  "this (" + target.ref() + ", " + target.schema().ref() + ")",
                  chain,
                  0)
              .ifPresent(reads::add);
        }
      } else if (spec.inputs().containsKey(chain.root())) {
        usedAliases.add(chain.root());
        Optional<ResolvedKind> kind = resolveAliasChain(rule, chain);
        if (kind.isEmpty()) {
          unresolved = true;
          continue;
        }
        inputs.add(kind.get());
        readPath(
                rule,
                kind.get(),
                kind.get().ref() + " (" + kind.get().schema().ref() + ")",
                chain,
                1)
            .ifPresent(reads::add);
      } else {
        issues.error(
            rule.expression().locationAt(chain.offset()), field, kinds.unknownAlias(chain.root()));
      }
    }
    boolean clean = target != null && !unresolved && issues.errorCount() == errorsBefore;
    return Optional.of(
        new ParsedRule(
            rule, target, targetType, ast, refs, List.copyOf(inputs), readsThis, reads, clean));
  }

  /** The target field's type; reports an unknown or non-external target. */
  private FieldType checkTarget(RuleDecl rule, ResolvedKind target) {
    List<String> segments = Arrays.asList(rule.target().path().split("\\."));
    FieldLookup lookup = FieldLookup.walk(target.schema().root(), segments);
    String field = rule.target().toString();
    if (!lookup.complete(segments.size())) {
      issues.error(
          rule.location(),
          field,
          "unknown field '"
              + String.join(".", segments.subList(0, lookup.known() + 1))
              + "' in "
              + target.ref()
              + " ("
              + target.schema().ref()
              + ")");
      return null;
    }
    if (!lookup.external()) {
      issues.error(
          rule.location(),
          field,
          field
              + " is not marked '+kr: external' in "
              + target.schema().ref()
              + "; a cast may only write external fields");
      return null;
    }
    return lookup.type();
  }

  private Optional<ResolvedKind> resolveAliasChain(RuleDecl rule, References.Chain chain) {
    String field = rule.target().toString();
    if (chain.fields().isEmpty()) {
      issues.error(
          rule.expression().locationAt(chain.offset()),
          field,
          "alias '"
              + chain.root()
              + "' names a store, not an object: write "
              + chain.root()
              + ".<kind>.<field>");
      return Optional.empty();
    }
    KindRef ref = KindRef.parseOrNull(chain.root() + "." + chain.fields().get(0));
    if (ref == null) {
      issues.error(
          rule.expression().locationAt(chain.fieldOffsets().get(0)),
          field,
          "invalid kind '" + chain.fields().get(0) + "' in " + chain.root());
      return Optional.empty();
    }
    return kinds.resolve(ref, rule.expression().locationAt(chain.offset()), field);
  }

  /**
   * The field a chain reads, from segment {@code from} of the chain on; reports an unknown field at
   * its place in the expression.
   */
  private Optional<FieldRef> readPath(
      RuleDecl rule, ResolvedKind kind, String what, References.Chain chain, int from) {
    List<String> segments = chain.fields().subList(from, chain.fields().size());
    FieldLookup lookup = FieldLookup.walk(kind.schema().root(), segments);
    if (lookup.unknown()) {
      issues.error(
          rule.expression().locationAt(chain.fieldOffsets().get(from + lookup.known())),
          rule.target().toString(),
          "unknown field '"
              + String.join(".", segments.subList(0, lookup.known() + 1))
              + "' in "
              + what);
      return Optional.empty();
    }
    return Optional.of(kind.ref().field(String.join(".", segments.subList(0, lookup.known()))));
  }

  private void checkOverlaps(List<ParsedRule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      for (int j = 0; j < i; j++) {
        FieldRef later = rules.get(i).decl().target();
        FieldRef earlier = rules.get(j).decl().target();
        if (later.overlaps(earlier)) {
          issues.error(
              rules.get(i).decl().location(),
              later.toString(),
              later + " overlaps " + earlier + ", which another rule fills");
        }
      }
    }
  }

  private void checkSingletons(List<ParsedRule> rules) {
    for (ParsedRule rule : rules) {
      if (rule.target() == null || !rule.target().singleton()) {
        continue;
      }
      for (ResolvedKind input : rule.inputs()) {
        if (!input.singleton()) {
          issues.error(
              rule.decl().location(),
              rule.decl().target().toString(),
              rule.decl().target()
                  + " fills a singleton but reads "
                  + input.ref()
                  + ", which has one object per key; a singleton may only read singletons");
        }
      }
    }
  }

  /** Type-checks every parsed rule with CEL and compiles the ones that pass. */
  private List<CompiledRule> typeCheck(List<ParsedRule> rules) {
    Map<KindRef, CelCompiler> compilers = new HashMap<>();
    List<CompiledRule> out = new ArrayList<>();
    for (ParsedRule rule : rules) {
      CelCompiler compiler =
          compilers.computeIfAbsent(rule.target().ref(), ref -> compiler(rule.target()));
      CelValidationResult checked;
      try {
        checked = compiler.check(rule.ast());
      } catch (RuntimeException e) {
        issues.error(
            rule.decl().expression().start(),
            rule.decl().target().toString(),
            "type error: " + e.getMessage());
        continue;
      }
      if (checked.hasError()) {
        for (CelIssue issue : checked.getErrors()) {
          report(rule, issue);
        }
        continue;
      }
      CelAbstractSyntaxTree ast = ast(checked);
      String mismatch = ResultTypes.mismatch(rule.targetType(), ast.getResultType());
      if (mismatch != null) {
        issues.error(
            rule.decl().expression().start(),
            rule.decl().target().toString(),
            rule.decl().target() + " is " + mismatch);
        continue;
      }
      try {
        out.add(
            new CompiledRule(
                rule.decl(),
                rule.target(),
                rule.targetType(),
                rule.inputs(),
                rule.readsThis(),
                rule.reads(),
                runtime.createProgram(ast),
                rule.refs().selections()));
      } catch (CelEvaluationException e) {
        issues.error(
            rule.decl().expression().start(),
            rule.decl().target().toString(),
            "cannot compile: " + e.getMessage());
      }
    }
    return out;
  }

  private CelCompiler compiler(ResolvedKind target) {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(CastChecker.OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(types)
            .addFunctionDeclarations(CelFunctions.declarations(functions))
            .addVar("this", types.of(target.schema()));
    for (ResolvedKind kind : kinds.resolvedKinds().values()) {
      builder.addVar(kind.variable(), types.of(kind.schema()));
    }
    return builder.build();
  }

  private void report(ParsedRule rule, CelIssue issue) {
    SpecExpression expression = rule.decl().expression();
    String field = rule.decl().target().toString();
    References.Call call = rule.refs().calls().get(issue.getExprId());
    if (call != null && issue.getMessage().startsWith(UNDECLARED + call.function() + "'")) {
      String text = expression.text();
      int nameStart = call.offset() - call.function().length();
      boolean named =
          nameStart >= 0 && text.startsWith(call.function(), text.offsetByCodePoints(0, nameStart));
      issues.error(
          expression.locationAt(named ? nameStart : call.offset()),
          field,
          "unknown function '"
              + call.function()
              + "' "
              + (functions.names().isEmpty()
                  ? "(no custom functions are registered)"
                  : "(registered: " + String.join(", ", functions.names()) + ")"));
      return;
    }
    issues.error(
        locate(expression, issue, rule.ast().getSource()),
        field,
        "type error: " + issue.getMessage());
  }

  private void warnUnfilled(TargetDecl target, ResolvedKind kind) {
    for (String path : kind.schema().externalPaths()) {
      FieldRef external = kind.ref().field(path);
      boolean filled = target.rules().stream().anyMatch(r -> r.target().overlaps(external));
      if (!filled) {
        issues.warning(
            target.location(),
            external.toString(),
            "external field " + external + " is filled by no rule");
      }
    }
  }

  private void warnUnused() {
    for (InputDecl input : spec.inputs().values()) {
      if (!usedAliases.contains(input.alias())) {
        issues.warning(
            input.location(),
            "input." + input.alias(),
            "input '" + input.alias() + "' is never read or written");
      }
    }
  }

  private static io.knactor.cast.spec.Location locate(
      SpecExpression expression, CelIssue issue, CelSource source) {
    Integer offset = source.getPositionsMap().get(issue.getExprId());
    if (offset == null || issue.getExprId() == 0) {
      offset =
          source
              .getLocationOffset(
                  issue.getSourceLocation().getLine(), issue.getSourceLocation().getColumn())
              .orElse(0);
    }
    return expression.locationAt(offset);
  }

  private static CelAbstractSyntaxTree ast(CelValidationResult result) {
    try {
      return result.getAst();
    } catch (CelValidationException e) {
      throw new IllegalStateException("a result without errors has an AST", e);
    }
  }
}
