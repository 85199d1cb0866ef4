package io.knactor.cast.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever YAML style an expression is written in (plain, single- or double-quoted, literal or
 * folded block), the parser gives back its text, and every visible character of it is located at
 * the file position where that character is written.
 */
class ExpressionLocationTest {
  private static final List<String> TOKENS =
      List.of(
          "C.order.cost",
          " > ",
          "1000.0",
          " ? ",
          "\"air\"",
          " : ",
          "'ground'",
          "this.x",
          " + ",
          "(",
          ")",
          "size(C.order.items)",
          " == ",
          "\\\"",
          "#",
          "it's");

  enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    LITERAL,
    FOLDED
  }

  @Property(tries = 300)
  void everyVisibleCharacterIsLocatedWhereItIsWritten(
      @ForAll("expressions") String expression, @ForAll Style style) {
    String header = "kind: Cast\nname: t\ninput:\n  C: A/v1/B/c\ndxg:\n  C.order:\n";
    String yaml = header + "    field: " + render(expression, style) + "\n";

    RuleDecl rule = CastSpecParser.parse(yaml, "p.yaml").rules().get(0);

    SpecExpression parsed = rule.expression();
    assertThat(parsed.text()).isEqualTo(expression);
    String[] lines = yaml.split("\n", -1);
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (!Character.isWhitespace(c)) {
        Location at = parsed.locationAt(i);
        assertThat(lines[at.line() - 1].charAt(at.column() - 1))
            .as("character %d of %s written %s at %s", i, expression, style, at)
            .isEqualTo(c);
      }
    }
  }

  private static String render(String expression, Style style) {
    return switch (style) {
      case PLAIN -> plainSafe(expression) ? expression : render(expression, Style.SINGLE);
      case SINGLE -> "'" + expression.replace("'", "''") + "'";
      case DOUBLE -> "\"" + expression.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case LITERAL -> "|-\n      " + expression;
      case FOLDED -> {
        if (expression.contains("  ") || expression.startsWith(" ") || expression.endsWith(" ")) {
          yield render(expression, Style.DOUBLE);
        }
        yield ">-\n      " + expression.replace(" ", "\n      ");
      }
    };
  }

  private static boolean plainSafe(String text) {
    return !text.isEmpty()
        && "'\"[]{}>|*&!%@`,?:-#".indexOf(text.charAt(0)) < 0
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.endsWith(" ")
        && !text.endsWith(":");
  }

  @Provide
  Arbitrary<String> expressions() {
    return Combinators.combine(
            Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(8),
            Arbitraries.of("C.order.cost", "this.x"))
        .as(
            (tokens, first) -> {
              List<String> all = new ArrayList<>();
              all.add(first);
              all.addAll(tokens);
              return String.join("", all).strip();
            });
  }
}
