package io.knactor.cast.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field selections an expression evaluates whatever its inputs hold, so that a rule can tell it
 * is waiting for a field before running CEL: evaluating a selection of a missing field raises an
 * error whose message costs more to build than the whole check. Only selections outside {@code
 * has()}, outside the branches of {@code ?:} and both sides of {@code &&} and {@code ||} (which CEL
 * evaluates even past an error), and outside comprehension bodies count; every other selection is
 * left to CEL, which still reports it. Immutable and thread-safe.
 */
final class RequiredFields {
  private static final Set<String> NOT_STRICT = Set.of("_&&_", "_||_", "@not_strictly_false");
  private static final String CONDITIONAL = "_?_:_";

  /** One required selection: the variable, the field path under it, and the text to report. */
  private record Selection(String variable, List<String> path) {
    String text(int depth) {
      return variable + "." + String.join(".", path.subList(0, depth));
    }
  }

  private final List<Selection> selections;

  private RequiredFields(List<Selection> selections) {
    this.selections = List.copyOf(selections);
  }

  /**
   * @param variables the variables the expression reads objects through ({@code C.order}, {@code
   *     this})
   */
  static RequiredFields of(CelExpr expr, Set<String> variables) {
    Set<Selection> found = new LinkedHashSet<>();
    visit(expr, variables, found);
    return new RequiredFields(new ArrayList<>(found));
  }

  /**
   * The first required selection that the objects bound to the variables lack, as {@code
   * C.order.quote} (the path up to the first missing field), or null when none is missing or when
   * only CEL can tell (a selection into a value that is not an object).
   */
  String firstMissing(Map<String, ObjectNode> objects) {
    for (Selection selection : selections) {
      JsonNode at = objects.get(selection.variable());
      if (at == null) {
        continue;
      }
      for (int i = 0; i < selection.path().size(); i++) {
        if (!at.isObject()) {
          break;
        }
        at = at.get(selection.path().get(i));
        if (at == null || at.isNull()) {
          return selection.text(i + 1);
        }
      }
    }
    return null;
  }

  private static void visit(CelExpr expr, Set<String> variables, Set<Selection> found) {
    switch (expr.getKind()) {
      case SELECT -> {
        if (!expr.select().testOnly() && !chain(expr, variables, found)) {
          visit(expr.select().operand(), variables, found);
        }
      }
      case CALL -> {
        String function = expr.call().function();
        if (NOT_STRICT.contains(function)) {
          return;
        }
        if (function.equals(CONDITIONAL)) {
          visit(expr.call().args().get(0), variables, found);
          return;
        }
        expr.call().target().ifPresent(target -> visit(target, variables, found));
        expr.call().args().forEach(arg -> visit(arg, variables, found));
      }
      case LIST -> {
        if (expr.list().optionalIndices().isEmpty()) {
          expr.list().elements().forEach(e -> visit(e, variables, found));
        }
      }
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  e -> {
                    if (!e.optionalEntry()) {
                      visit(e.key(), variables, found);
                      visit(e.value(), variables, found);
                    }
                  });
      case COMPREHENSION -> {
        // The range and the initial value are evaluated once, first; the body may never run.
        visit(expr.comprehension().iterRange(), variables, found);
        visit(expr.comprehension().accuInit(), variables, found);
      }
      default -> {}
    }
  }

  /**
   * Records {@code expr} when it is a chain of selections rooted at a variable; false when it is
   * not such a chain.
   */
  private static boolean chain(CelExpr expr, Set<String> variables, Set<Selection> found) {
    List<String> names = new ArrayList<>();
    CelExpr at = expr;
    while (at.getKind() == CelExpr.ExprKind.Kind.SELECT && !at.select().testOnly()) {
      names.add(0, at.select().field());
      at = at.select().operand();
    }
    if (at.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      return false;
    }
    names.add(0, at.ident().name());
    // The checker may have folded a qualified variable such as C.order into one identifier.
    for (int split = 1; split < names.size(); split++) {
      String variable = String.join(".", names.subList(0, split));
      if (variables.contains(variable)) {
        found.add(new Selection(variable, List.copyOf(names.subList(split, names.size()))));
        return true;
      }
    }
    return false;
  }
}
