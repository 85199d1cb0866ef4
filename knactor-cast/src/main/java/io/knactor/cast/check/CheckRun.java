package io.knactor.cast.check;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.parser.CelParser;
import dev.cel.runtime.CelRuntime;
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
import io.knactor.cast.spec.TargetDecl;
import io.knactor.core.schema.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
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
    List<CompiledRule> compiled =
        new RuleTyper(issues, functions, runtime, types, kinds.resolvedKinds().values())
            .typeCheck(parsed.stream().filter(ParsedRule::clean).toList());
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
            RuleTyper.locate(rule.expression(), issue, parsedExpr.getSource()),
            field,
            "syntax error: " + issue.getMessage());
      }
      return Optional.empty();
    }
    CelAbstractSyntaxTree ast = RuleTyper.ast(parsedExpr);
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
}
