package io.knactor.cast.check;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import io.knactor.cast.spec.CelNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a parsed expression refers to: the chains of field selections rooted at a free identifier
 * ({@code S.shipment.quote.price}, {@code this.currency}) and the functions it calls. Identifiers
 * bound by comprehensions ({@code item} in {@code items.map(item, item.name)}) are not free.
 */
final class References {
  /**
   * One chain {@code root.f1.f2}.
   *
   * @param offset the code point offset of the root identifier
   * @param fieldOffsets the offset of each field name
   */
  record Chain(String root, List<String> fields, int offset, List<Integer> fieldOffsets) {
    String text(int count) {
      StringBuilder out = new StringBuilder(root);
      fields.subList(0, count).forEach(f -> out.append('.').append(f));
      return out.toString();
    }
  }

  /** A call of a global or member function. */
  record Call(String function, long exprId, int offset) {}

  private final Map<Long, Integer> positions;
  private final List<Chain> chains = new ArrayList<>();
  private final Map<Long, Call> calls = new HashMap<>();
  private final Map<Integer, String> selections = new HashMap<>();

  private References(CelAbstractSyntaxTree ast) {
    this.positions = ast.getSource().getPositionsMap();
  }

  static References of(CelAbstractSyntaxTree ast) {
    References refs = new References(ast);
    refs.visit(ast.getExpr(), new HashSet<>());
    return refs;
  }

  List<Chain> chains() {
    return chains;
  }

  /** Calls by expression id, to tell an undeclared function from an undeclared variable. */
  Map<Long, Call> calls() {
    return calls;
  }

  /** The text of each selection chain by the offset CEL reports errors at. */
  Map<Integer, String> selections() {
    return selections;
  }

  private void visit(CelExpr expr, Set<String> bound) {
    switch (expr.getKind()) {
      case IDENT, SELECT -> chain(expr, bound);
      case CALL -> {
        calls.put(expr.id(), new Call(expr.call().function(), expr.id(), offset(expr)));
        expr.call().target().ifPresent(target -> visit(target, bound));
        expr.call().args().forEach(arg -> visit(arg, bound));
      }
      case LIST -> expr.list().elements().forEach(e -> visit(e, bound));
      case STRUCT -> expr.struct().entries().forEach(e -> visit(e.value(), bound));
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  e -> {
                    visit(e.key(), bound);
                    visit(e.value(), bound);
                  });
      case COMPREHENSION -> {
        var c = expr.comprehension();
        visit(c.iterRange(), bound);
        visit(c.accuInit(), bound);
        Set<String> inner = new HashSet<>(bound);
        inner.add(c.iterVar());
        if (!c.iterVar2().isEmpty()) {
          inner.add(c.iterVar2());
        }
        inner.add(c.accuVar());
        visit(c.loopCondition(), inner);
        visit(c.loopStep(), inner);
        visit(c.result(), inner);
      }
      default -> {}
    }
  }

  private void chain(CelExpr expr, Set<String> bound) {
    List<String> fields = new ArrayList<>();
    List<Integer> fieldOffsets = new ArrayList<>();
    List<CelExpr> selects = new ArrayList<>();
    CelExpr at = expr;
    while (at.getKind() == CelExpr.ExprKind.Kind.SELECT) {
      fields.add(0, at.select().field());
      fieldOffsets.add(0, offset(at) + 1);
      selects.add(0, at);
      at = at.select().operand();
    }
    if (at.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      visit(at, bound);
      return;
    }
    String root = at.ident().name();
    if (bound.contains(root) || CelNames.TYPE_NAMES.contains(root)) {
      return;
    }
    Chain chain = new Chain(root, List.copyOf(fields), offset(at), List.copyOf(fieldOffsets));
    chains.add(chain);
    for (int i = 0; i < selects.size(); i++) {
      selections.put(offset(selects.get(i)), chain.text(i + 1));
    }
  }

  private int offset(CelExpr expr) {
    return positions.getOrDefault(expr.id(), 0);
  }
}
