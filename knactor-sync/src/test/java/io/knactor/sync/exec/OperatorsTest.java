package io.knactor.sync.exec;

import static io.knactor.sync.Records.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.sync.Home;
import org.junit.jupiter.api.Test;

/** The stateless operators and the sinks, one behaviour each, through the test driver. */
class OperatorsTest {
  private static final String S = "S.event";

  private static SyncTestDriver driver(String pipeline) {
    return new SyncTestDriver(
        Home.plan(
            """
            f:
              from: S.event
              pipeline:
            %s
              to: D.out
              deadLetter: D.rejected
            """
                .formatted(pipeline.stripTrailing().indent(4))));
  }

  @Test
  void filterKeepsRecordsWhoseConditionHolds() {
    SyncTestDriver d = driver("- filter: temp > 20.0 && _key != 'skip'");
    d.pipe(S, "a", 1, "{\"temp\":25.0}");
    d.pipe(S, "b", 2, "{\"temp\":15.0}");
    d.pipe(S, "skip", 3, "{\"temp\":30.0}");

    assertThat(text(d.appended("f"))).containsExactly("a@1 {\"temp\":25.0}");
  }

  @Test
  void filterRejectsRecordItCannotEvaluateToTheDeadLetterStore() {
    SyncTestDriver d = driver("- filter: temp > 20.0");
    d.pipe(S, "a", 1, "{\"room\":\"hall\"}");

    assertThat(d.appended("f")).isEmpty();
    assertThat(text(d.deadLetters("f")))
        .containsExactly(
            "a@1 {\"reason\":\"'temp > 20.0' failed: the record has no field temp\","
                + "\"step\":\"filter(temp > 20.0)\",\"key\":\"a\",\"time\":1,"
                + "\"value\":{\"room\":\"hall\"}}");
  }

  @Test
  void filterTakesAJsonNullFieldAsAbsentAndNamesEveryMissingField() {
    SyncTestDriver d = driver("- filter: temp > 20.0 && n > 1");
    d.pipe(S, "a", 1, "{\"temp\":null,\"room\":\"hall\"}");
    d.pipe(S, "b", 2, "{\"temp\":null,\"n\":2}");

    assertThat(d.deadLetters("f"))
        .extracting(letter -> letter.value().get("reason").asText())
        .containsExactly(
            "'temp > 20.0 && n > 1' failed: the record has no fields temp, n",
            "'temp > 20.0 && n > 1' failed: the record has no field temp");
  }

  @Test
  void filterReadsFieldsThisKeyAndTimeInOneExpression() {
    SyncTestDriver d =
        driver("- filter: _time > 1 && this.room == room && temp > 20.0 && _key != 'skip'");
    d.pipe(S, "a", 1, "{\"room\":\"hall\",\"temp\":25.0}");
    d.pipe(S, "b", 2, "{\"room\":\"hall\",\"temp\":25.0}");
    d.pipe(S, "c", 3, "{\"room\":\"hall\",\"temp\":15.0}");
    d.pipe(S, "skip", 4, "{\"room\":\"hall\",\"temp\":25.0}");

    assertThat(text(d.appended("f"))).containsExactly("b@2 {\"room\":\"hall\",\"temp\":25.0}");
  }

  @Test
  void filterCanTestForAnOptionalFieldThroughThis() {
    SyncTestDriver d = driver("- filter: has(this.temp) && this.temp > 20.0");
    d.pipe(S, "a", 1, "{\"room\":\"hall\"}");
    d.pipe(S, "b", 2, "{\"temp\":21.0}");

    assertThat(text(d.appended("f"))).containsExactly("b@2 {\"temp\":21.0}");
    assertThat(d.deadLetters("f")).isEmpty();
  }

  @Test
  void putComputesEveryFieldFromTheInputRecord() {
    SyncTestDriver d =
        driver(
            """
            - put:
                celsius: (temp - 32.0) * 5.0 / 9.0
                temp: temp + 1.0
                label: room + '/' + _key
            """);
    d.pipe(S, "k", 7, "{\"room\":\"hall\",\"temp\":212.0}");

    assertThat(text(d.appended("f")))
        .containsExactly(
            "k@7 {\"room\":\"hall\",\"temp\":213.0,\"celsius\":100.0,\"label\":\"hall/k\"}");
  }

  @Test
  void putKeepsNestedFieldsOfTheInput() {
    SyncTestDriver d = driver("- put: {n: n + 1}");
    d.pipe(S, "k", 1, "{\"n\":1,\"tags\":[\"a\",\"b\"]}");
    d.pipe(S, "k", 2, "{\"n\":5,\"tags\":[]}");

    assertThat(text(d.appended("f")))
        .containsExactly("k@1 {\"n\":2,\"tags\":[\"a\",\"b\"]}", "k@2 {\"n\":6,\"tags\":[]}");
  }

  @Test
  void putOfNullRemovesTheField() {
    SyncTestDriver d = driver("- put: {room: 'null'}".replace("'null'", "null"));
    d.pipe(S, "k", 1, "{\"room\":\"hall\",\"n\":1}");

    assertThat(text(d.appended("f"))).containsExactly("k@1 {\"n\":1}");
  }

  @Test
  void renameKeepsTheFieldsPosition() {
    SyncTestDriver d = driver("- rename: {temp: celsius}");
    d.pipe(S, "k", 1, "{\"room\":\"hall\",\"temp\":20.5,\"n\":3}");

    assertThat(text(d.appended("f")))
        .containsExactly("k@1 {\"room\":\"hall\",\"celsius\":20.5,\"n\":3}");
  }

  @Test
  void cutKeepsOnlyTheListedFields() {
    SyncTestDriver d = driver("- cut: [room, n]");
    d.pipe(S, "k", 1, "{\"room\":\"hall\",\"temp\":20.5,\"n\":3}");

    assertThat(text(d.appended("f"))).containsExactly("k@1 {\"room\":\"hall\",\"n\":3}");
  }

  @Test
  void dropRemovesTheListedFields() {
    SyncTestDriver d = driver("- drop: [temp]");
    d.pipe(S, "k", 1, "{\"room\":\"hall\",\"temp\":20.5,\"n\":3}");

    assertThat(text(d.appended("f"))).containsExactly("k@1 {\"room\":\"hall\",\"n\":3}");
  }

  @Test
  void stepsRunInOrder() {
    SyncTestDriver d =
        driver(
            """
            - filter: n > 1
            - rename: {n: count}
            - put: {total: count * 10}
            - drop: [room]
            """);
    d.pipe(S, "a", 1, "{\"room\":\"hall\",\"n\":1}");
    d.pipe(S, "b", 2, "{\"room\":\"hall\",\"n\":2}");

    assertThat(text(d.appended("f"))).containsExactly("b@2 {\"count\":2,\"total\":20}");
  }

  @Test
  void foldKeepsTheLatestRecordPerKeyByEventTime() {
    SyncTestDriver d =
        new SyncTestDriver(
            Home.plan(
                """
                last-motion:
                  from: M.reading
                  pipeline:
                    - rename: {triggered: motion}
                  fold: H.house
                """));
    d.pipe(
        "M.reading",
        "hall",
        20,
        "{\"room\":\"hall\",\"motion\":true}".replace("motion", "triggered"));
    d.pipe("M.reading", "hall", 10, "{\"room\":\"hall\",\"triggered\":false}");
    d.pipe("M.reading", "den", 5, "{\"room\":\"den\",\"triggered\":false,\"level\":0.5}");

    assertThat(d.folded("last-motion"))
        .hasToString(
            "{den={\"room\":\"den\",\"motion\":false,\"level\":0.5}, "
                + "hall={\"room\":\"hall\",\"motion\":true}}");
  }

  @Test
  void foldIntoOneNamedObjectTakesEveryKey() {
    SyncTestDriver d =
        new SyncTestDriver(
            Home.plan(
                """
                last-motion:
                  from: M.reading
                  pipeline:
                    - rename: {triggered: motion}
                  fold: {into: H.house, object: main}
                """));
    d.pipe("M.reading", "hall", 20, "{\"room\":\"hall\",\"triggered\":true}");
    d.pipe("M.reading", "den", 30, "{\"room\":\"den\",\"triggered\":false}");

    assertThat(d.folded("last-motion")).hasToString("{main={\"room\":\"den\",\"motion\":false}}");
  }
}
