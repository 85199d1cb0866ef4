package io.knactor.cast.pushdown;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.spec.FieldRef;
import io.knactor.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which rules of a compiled cast can be pushed down and translates them to a {@link
 * PushDownPlan}. A rule is pushed down only when a backend can reproduce its CEL result exactly:
 * field reads of the same-named input objects, literals, {@code ?:}, {@code && || !} and
 * comparisons of strings, booleans, integers and doubles of the same type (a double against an
 * integer literal too; ordering only on doubles). Everything else is refused with a reason:
 * functions and macros (Java code or CEL semantics a backend does not have), arithmetic (integer
 * overflow and double formatting are CEL's), double results (the runtime writes {@code 5} as {@code
 * 5.0}), lists, maps and objects (CEL converts them), reading {@code this}, singletons, a rule that
 * reads a field another rule of the cast fills (the runtime orders those), and a constant (no
 * source write would trigger it).
 */
public final class PushDownTranslator {
  private static final long EXACT_DOUBLE = 1L << 53;
  private static final Map<String, String> OPERATORS =
      Map.of(
          "_==_", "==", "_!=_", "!=", "_<_", "<", "_<=_", "<=", "_>_", ">", "_>=_", ">=", "_&&_",
          "and", "_||_", "or", "!_", "not", "_?_:_", "cond");
  private static final Set<String> ORDERING = Set.of("<", "<=", ">", ">=");

  private PushDownTranslator() {}

  /** The plan of {@code cast}: its pushable rules, and the reason for each other rule. */
  public static PushDownPlan translate(CompiledCast cast) {
    ObjectNode json = Json.object();
    json.put("integrator", cast.name());
    json.put("revision", cast.revision());
    ArrayNode rules = json.putArray("rules");
    Map<FieldRef, String> refused = new LinkedHashMap<>();
    for (CompiledRule rule : cast.rules()) {
      try {
        rules.add(rule(cast, rule));
      } catch (Refused e) {
        refused.put(rule.target(), e.getMessage());
      }
    }
    return new PushDownPlan(json, refused);
  }

  private static ObjectNode rule(CompiledCast cast, CompiledRule rule) {
    if (rule.readsThis()) {
      throw new Refused("reads 'this', the target object");
    }
    if (rule.aliasInputs().isEmpty()) {
      throw new Refused("reads no input object (a constant), so no source write triggers it");
    }
    if (rule.targetKind().singleton()) {
      throw new Refused("fills a singleton kind");
    }
    for (ResolvedKind input : rule.aliasInputs()) {
      if (input.singleton()) {
        throw new Refused("reads the singleton kind " + input.ref());
      }
    }
    for (FieldRef read : rule.reads()) {
      for (CompiledRule other : cast.rules()) {
        if (other.target().overlaps(read)) {
          throw new Refused("reads " + read + ", which the rule " + other.target() + " fills");
        }
      }
    }
    ObjectNode out = Json.object();
    out.put("rule", rule.target().toString());
    ArrayNode path = out.putArray("path");
    for (String segment : rule.target().path().split("\\.")) {
      path.add(segment);
    }
    out.set("target", kind(rule.targetKind()));
    ArrayNode inputs = out.putArray("inputs");
    rule.aliasInputs().forEach(input -> inputs.add(kind(input)));
    Expressions expressions = new Expressions(rule.ast(), rule.aliasInputs());
    CelExpr root = rule.ast().getExpr();
    ObjectNode expr = expressions.node(root);
    if (expressions.type(root).equals("double")) {
      throw new Refused("yields a double, which CEL formats its own way (5 becomes 5.0)");
    }
    out.set("expr", expr);
    return out;
  }

  private static ObjectNode kind(ResolvedKind kind) {
    ObjectNode out = Json.object();
    out.put("store", kind.store().toString());
    out.put("kind", kind.storedKind());
    return out;
  }

  /** Translates the nodes of one checked expression. */
  private static final class Expressions {
    private final CelAbstractSyntaxTree ast;
    private final List<ResolvedKind> inputs;

    Expressions(CelAbstractSyntaxTree ast, List<ResolvedKind> inputs) {
      this.ast = ast;
      this.inputs = inputs;
    }

    String type(CelExpr expr) {
      CelKind kind = ast.getType(expr.id()).map(t -> t.kind()).orElse(CelKind.DYN);
      return switch (kind) {
        case STRING -> "string";
        case BOOL -> "bool";
        case INT -> "int";
        case DOUBLE -> "double";
        default ->
            throw new Refused(
                "uses a value of type " + kind.name().toLowerCase() + ", which is not pushed down");
      };
    }

    ObjectNode node(CelExpr expr) {
      return switch (expr.getKind()) {
        case CONSTANT -> literal(expr.constant());
        case IDENT, SELECT -> field(expr);
        case CALL -> call(expr);
        case COMPREHENSION -> throw new Refused("uses a macro (map, filter, exists, ...)");
        default ->
            throw new Refused(
                "builds a " + expr.getKind().name().toLowerCase() + ", which is not pushed down");
      };
    }

    private ObjectNode literal(CelConstant constant) {
      ObjectNode out = Json.object();
      out.put("op", "lit");
      switch (constant.getKind()) {
        case STRING_VALUE -> out.put("type", "string").put("json", quote(constant.stringValue()));
        case BOOLEAN_VALUE ->
            out.put("type", "bool").put("json", Boolean.toString(constant.booleanValue()));
        case INT64_VALUE ->
            out.put("type", "int").put("json", Long.toString(constant.int64Value()));
        case DOUBLE_VALUE ->
            out.put("type", "double").put("json", Double.toString(constant.doubleValue()));
        default ->
            throw new Refused("uses a " + constant.getKind().name().toLowerCase() + " literal");
      }
      return out;
    }

    private ObjectNode field(CelExpr expr) {
      List<String> names = new ArrayList<>();
      CelExpr at = expr;
      while (at.getKind() == CelExpr.ExprKind.Kind.SELECT) {
        if (at.select().testOnly()) {
          throw new Refused("uses has()");
        }
        names.add(0, at.select().field());
        at = at.select().operand();
      }
      if (at.getKind() != CelExpr.ExprKind.Kind.IDENT) {
        throw new Refused("selects a field of a computed value");
      }
      names.add(0, at.ident().name());
      String dotted = String.join(".", names);
      for (int i = 0; i < inputs.size(); i++) {
        String variable = inputs.get(i).variable() + ".";
        if (dotted.startsWith(variable)) {
          ObjectNode out = Json.object();
          out.put("op", "field");
          out.put("input", i);
          ArrayNode path = out.putArray("path");
          for (String segment : dotted.substring(variable.length()).split("\\.")) {
            path.add(segment);
          }
          out.put("type", type(expr));
          return out;
        }
      }
      throw new Refused("reads " + dotted + ", which is not a field of an input object");
    }

    private ObjectNode call(CelExpr expr) {
      String function = expr.call().function();
      String op = OPERATORS.get(function);
      if (op == null || expr.call().target().isPresent()) {
        throw new Refused("calls " + displayName(function) + ", which is not pushed down");
      }
      List<CelExpr> args = expr.call().args();
      ObjectNode out = Json.object();
      out.put("op", op);
      ArrayNode nodes = out.putArray("args");
      switch (op) {
        case "cond" -> {
          nodes.add(node(args.get(0)));
          nodes.add(node(args.get(1)));
          nodes.add(node(args.get(2)));
        }
        case "and", "or", "not" -> args.forEach(arg -> nodes.add(node(arg)));
        default -> comparison(op, args.get(0), args.get(1), nodes);
      }
      type(expr);
      return out;
    }

    private void comparison(String op, CelExpr left, CelExpr right, ArrayNode nodes) {
      String l = type(left);
      String r = type(right);
      ObjectNode a = node(left);
      ObjectNode b = node(right);
      if (!l.equals(r)) {
        if (l.equals("double") && isIntLiteral(b)) {
          b = asDouble(b);
        } else if (r.equals("double") && isIntLiteral(a)) {
          a = asDouble(a);
        } else {
          throw new Refused("compares " + l + " with " + r);
        }
      }
      if (ORDERING.contains(op) && !a.path("type").asText().equals("double")) {
        throw new Refused("orders values of type " + l + " (only doubles are ordered)");
      }
      nodes.add(a);
      nodes.add(b);
    }

    private static boolean isIntLiteral(ObjectNode node) {
      return node.path("op").asText().equals("lit") && node.path("type").asText().equals("int");
    }

    private static ObjectNode asDouble(ObjectNode literal) {
      long value = Long.parseLong(literal.path("json").asText());
      if (Math.abs(value) > EXACT_DOUBLE) {
        throw new Refused("compares a double with " + value + ", which no double holds exactly");
      }
      ObjectNode out = literal.deepCopy();
      out.put("type", "double").put("json", Double.toString((double) value));
      return out;
    }

    private static String displayName(String function) {
      return function.startsWith("_") || function.endsWith("_")
          ? "the operator " + function.replace("_", " ").trim()
          : function + "()";
    }
  }

  private static String quote(String text) {
    try {
      return Json.MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serializes", e);
    }
  }

  /** Why a rule is not pushed down. */
  private static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
