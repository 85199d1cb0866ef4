package io.knactor.sync.check;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.parser.CelParser;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.knactor.cast.check.Issue;
import io.knactor.cast.check.RuleTyper;
import io.knactor.cast.check.SchemaTypes;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.CelNames;
import io.knactor.cast.spec.SpecExpression;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.exec.internal.RecordProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles the CEL expressions of {@code filter} and {@code put} against the records at their step:
 * each declared field of the record is a variable, {@code this} the whole record, {@code _key} the
 * key and {@code _time} the event time in epoch milliseconds.
 */
final class Expressions {
  private static final Set<String> NOT_VARIABLES =
      Set.of("this", "_key", "_time", "in", "as", "null", "true", "false");

  private final String file;
  private final CelParser parser;
  private final CelRuntime runtime;
  private final FunctionRegistry functions;

  Expressions(String file, CelParser parser, CelRuntime runtime, FunctionRegistry functions) {
    this.file = file;
    this.parser = parser;
    this.runtime = runtime;
    this.functions = functions;
  }

  /** A compiled expression and the CEL type it yields. */
  record Compiled(RecordProgram program, CelType resultType) {}

  /** Compiles {@code expression}; null after adding its errors to {@code issues}. */
  Compiled compile(SpecExpression expression, FieldType record, String field, List<Issue> issues) {
    CelValidationResult parsed = parser.parse(expression.text(), file);
    if (parsed.hasError()) {
      for (CelIssue issue : parsed.getErrors()) {
        issues.add(
            Issue.error(
                RuleTyper.locate(expression, issue, parsed.getSource()),
                field,
                "syntax error: " + issue.getMessage()));
      }
      return null;
    }
    List<String> variables = new ArrayList<>();
    CelValidationResult checked;
    try {
      checked = compiler(record, variables).check(RuleTyper.ast(parsed));
    } catch (RuntimeException e) {
      issues.add(Issue.error(expression.start(), field, "type error: " + e.getMessage()));
      return null;
    }
    if (checked.hasError()) {
      for (CelIssue issue : checked.getErrors()) {
        issues.add(
            Issue.error(
                RuleTyper.locate(expression, issue, checked.getSource()),
                field,
                "type error: " + issue.getMessage()));
      }
      return null;
    }
    CelAbstractSyntaxTree ast = RuleTyper.ast(checked);
    Set<String> referenced =
        CelNavigableAst.fromAst(ast)
            .getRoot()
            .allNodes()
            .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.IDENT)
            .map(node -> node.expr().ident().name())
            .collect(Collectors.toSet());
    variables.retainAll(referenced);
    try {
      return new Compiled(
          new RecordProgram(
              expression.text(),
              runtime.createProgram(ast),
              record,
              variables,
              ComparisonShortcuts.of(ast, record, variables)),
          ast.getResultType());
    } catch (CelEvaluationException e) {
      issues.add(Issue.error(expression.start(), field, "cannot compile: " + e.getMessage()));
      return null;
    }
  }

  private CelCompiler compiler(FieldType record, List<String> variables) {
    SchemaTypes types = new SchemaTypes();
    CelCompilerBuilder builder =
        RuleTyper.compilerBuilder(types, functions)
            .addVar("this", types.of(record, "record"))
            .addVar("_key", SimpleType.STRING)
            .addVar("_time", SimpleType.INT);
    for (Field f : record.fields().values()) {
      if (!NOT_VARIABLES.contains(f.name()) && !CelNames.TYPE_NAMES.contains(f.name())) {
        builder.addVar(f.name(), types.of(f.type(), "record." + f.name()));
        variables.add(f.name());
      }
    }
    return builder.build();
  }
}
