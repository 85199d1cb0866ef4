package io.knactor.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The naming rules' character checks agree with their documented regular expressions. */
class NamesTest {
  private static final List<Pattern> RULES =
      List.of(
          Names.IDENTIFIER,
          Names.VERSION,
          Names.INSTANCE,
          Names.KIND,
          Names.OBJECT_NAME,
          Names.LABEL);

  @Property(tries = 3000)
  void everyRuleAgreesWithItsRegex(@ForAll("candidates") String value) {
    for (Pattern rule : RULES) {
      assertThat(Names.matches(rule, value))
          .as("%s against %s", value, rule.pattern())
          .isEqualTo(rule.matcher(value).matches());
    }
  }

  @Test
  void edgesOfEachRule() {
    List<String> values =
        List.of(
            "",
            "a",
            "A",
            "0",
            "-",
            "a-",
            "-a",
            "a.b",
            "a_b",
            "a/b",
            "v",
            "v1",
            "v1beta1",
            "V1",
            "v1Beta",
            "va",
            "v12345678901234567890123",
            "v1abcdefghijklmnopqrst",
            "v1abcdefghijklmnopqrstu",
            "o-17",
            "Order",
            "knactor-checkout",
            "x".repeat(63),
            "x".repeat(64),
            "x".repeat(253),
            "x".repeat(254),
            "a\u00e9",
            "a b");
    for (Pattern rule : RULES) {
      for (String value : values) {
        assertThat(Names.matches(rule, value))
            .as("%s against %s", value, rule.pattern())
            .isEqualTo(rule.matcher(value).matches());
      }
    }
  }

  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> small =
        Arbitraries.strings().withChars("aZv09-._/ \u00e9").ofMinLength(0).ofMaxLength(8);
    Arbitrary<String> versions =
        Arbitraries.strings().withChars("v0123abz").ofMinLength(0).ofMaxLength(26);
    Arbitrary<String> long_ =
        Arbitraries.strings().withChars("a-.").ofMinLength(60).ofMaxLength(260);
    return Arbitraries.oneOf(small, versions, long_);
  }
}
