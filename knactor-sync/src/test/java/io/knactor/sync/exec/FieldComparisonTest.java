package io.knactor.sync.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.sync.Home;
import io.knactor.sync.exec.internal.FilterOperator;
import io.knactor.sync.exec.internal.RecordProgram;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.plan.PlanNode;
import io.knactor.sync.plan.SyncPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A filter {@code field <op> literal} is decided without CEL where it can be; it must keep and
 * reject exactly the records CEL does. Each condition runs beside the same condition behind {@code
 * true && ...}, which CEL evaluates, over values of every kind, absent and null included.
 */
class FieldComparisonTest {
  private static final List<String> VALUES =
      List.of(
          "{}",
          "{\"temp\":null,\"n\":null,\"room\":null,\"ok\":null}",
          "{\"temp\":20.0,\"n\":20,\"room\":\"hall\",\"ok\":true}",
          "{\"temp\":20,\"n\":20.0,\"room\":\"kitchen\",\"ok\":false}",
          "{\"temp\":-0.0,\"n\":0,\"room\":\"\",\"ok\":true}",
          "{\"temp\":0.0,\"n\":-1,\"room\":\"Hall\",\"ok\":false}",
          "{\"temp\":20.5,\"n\":21.7,\"room\":\"hall \",\"ok\":true}",
          "{\"temp\":1e300,\"n\":9223372036854775807,\"room\":\"h\\u00e4ll\",\"ok\":false}",
          "{\"temp\":\"20\",\"n\":\"20\",\"room\":20,\"ok\":\"true\"}",
          "{\"temp\":true,\"n\":false,\"room\":true,\"ok\":1}",
          "{\"temp\":[20.0],\"n\":{\"v\":1},\"room\":[\"hall\"],\"ok\":[]}",
          "{\"temp\":99999999999999999999,\"n\":99999999999999999999,\"room\":\"x\"}");

  private static final List<String> CONDITIONS =
      List.of(
          "temp > 20.0",
          "temp >= 20.0",
          "temp < 20.0",
          "temp <= 0.0",
          "temp == 0.0",
          "temp != 20.0",
          "20.0 < temp",
          "0.0 >= temp",
          "temp > 20",
          "-1 < temp",
          "n > 20",
          "n >= 20",
          "n < 0",
          "n == 20",
          "21 <= n",
          "n != 21",
          "room == 'hall'",
          "room != 'hall'",
          "'hall' == room",
          "ok == true",
          "ok != false");

  @Test
  void aComparisonOfAFieldWithALiteralHasAShortcutAndOtherConditionsDoNot() {
    for (String condition : CONDITIONS) {
      assertThat(condition(condition).shortcut()).as(condition).isNotNull();
      assertThat(condition("true && " + condition).shortcut()).as(condition).isNull();
    }
    for (String other : List.of("temp > n", "room < 'k'", "_time > 1", "this.temp > 1.0")) {
      assertThat(condition(other).shortcut()).as(other).isNull();
    }
  }

  @Test
  void decidesAsCelDoes() {
    for (String condition : CONDITIONS) {
      assertThat(outcomes(condition))
          .as(condition)
          .containsExactlyElementsOf(outcomes("true && " + condition));
    }
  }

  private static SyncPlan plan(String condition) {
    return Home.plan(
        """
        f:
          from: S.event
          pipeline:
            - filter: "%s"
          to: D.out
          deadLetter: D.rejected
        """
            .formatted(condition));
  }

  private static RecordProgram condition(String condition) {
    PlanNode filter = plan(condition).sources().get(0).root().children().get(0);
    return ((FilterOperator) filter.operator()).condition();
  }

  /** For each value: kept, dropped, or rejected (dead letter). */
  private static List<String> outcomes(String condition) {
    SyncTestDriver d = new SyncTestDriver(plan(condition));
    for (int i = 0; i < VALUES.size(); i++) {
      d.pipe("S.event", "k" + i, i + 1, VALUES.get(i));
    }
    List<String> kept = d.appended("f").stream().map(SyncRecord::key).toList();
    List<String> rejected = d.deadLetters("f").stream().map(SyncRecord::key).toList();
    return java.util.stream.IntStream.range(0, VALUES.size())
        .mapToObj(
            i ->
                kept.contains("k" + i)
                    ? "kept"
                    : rejected.contains("k" + i) ? "rejected" : "dropped")
        .toList();
  }
}
