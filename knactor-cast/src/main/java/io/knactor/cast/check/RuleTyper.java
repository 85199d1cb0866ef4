package io.knactor.cast.check;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSource;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.knactor.cast.compile.CelFunctions;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.Location;
import io.knactor.cast.spec.SpecExpression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Type-checks rules with CEL, each alias's kinds and {@code this} typed from their schemas, and
 * compiles the ones that pass into programs. Maps every CEL issue back to the spec file.
 */
public final class RuleTyper {
  private static final String UNDECLARED = "undeclared reference to '";

  private final Issues issues;
  private final FunctionRegistry functions;
  private final CelRuntime runtime;
  private final SchemaTypes types;
  private final Collection<ResolvedKind> kinds;

  RuleTyper(
      Issues issues,
      FunctionRegistry functions,
      CelRuntime runtime,
      SchemaTypes types,
      Collection<ResolvedKind> kinds) {
    this.issues = issues;
    this.functions = functions;
    this.runtime = runtime;
    this.types = types;
    this.kinds = kinds;
  }

  /** Type-checks every rule with CEL and compiles the ones that pass. */
  List<CompiledRule> typeCheck(List<ParsedRule> rules) {
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
                ast,
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
        compilerBuilder(types, functions).addVar("this", types.of(target.schema()));
    for (ResolvedKind kind : kinds) {
      builder.addVar(kind.variable(), types.of(kind.schema()));
    }
    return builder.build();
  }

  /**
   * A CEL compiler builder as specs use it: Cast's options, the standard macros, the string
   * extensions, the schema types of {@code types} and the registered functions.
   */
  public static CelCompilerBuilder compilerBuilder(SchemaTypes types, FunctionRegistry functions) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(CastChecker.OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addFunctionDeclarations(CelFunctions.declarations(functions))
        .addLibraries(CelExtensions.strings());
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

  public static Location locate(SpecExpression expression, CelIssue issue, CelSource source) {
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

  public static CelAbstractSyntaxTree ast(CelValidationResult result) {
    try {
      return result.getAst();
    } catch (CelValidationException e) {
      throw new IllegalStateException("a result without errors has an AST", e);
    }
  }
}
