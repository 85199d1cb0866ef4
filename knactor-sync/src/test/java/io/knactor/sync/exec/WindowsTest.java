package io.knactor.sync.exec;

import static io.knactor.sync.Records.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.sync.Home;
import org.junit.jupiter.api.Test;

/** The windowed operators: aggregate, sort and dedupe, with event-time watermarks and lateness. */
class WindowsTest {
  private static final String S = "S.event";

  private static SyncTestDriver driver(String step, boolean deadLetter) {
    return new SyncTestDriver(
        Home.plan(
            """
            f:
              from: S.event
              pipeline:
            %s
              to: D.out
            %s
            """
                .formatted(
                    step.stripTrailing().indent(4), deadLetter ? "  deadLetter: D.rejected" : "")));
  }

  @Test
  void tumblingAggregateEmitsEachGroupWhenTheWatermarkPassesTheWindow() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                by: room
                window: {size: 10s}
                compute:
                  count: count()
                  total: sum(temp)
                  mean: avg(temp)
                  lo: min(temp)
                  hi: max(temp)
                  latest: last(n)
            """,
            false);
    d.pipe(S, "a", 1_000, "{\"room\":\"hall\",\"temp\":10.0,\"n\":1}");
    d.pipe(S, "b", 3_000, "{\"room\":\"den\",\"temp\":4.0,\"n\":7}");
    d.pipe(S, "c", 2_000, "{\"room\":\"hall\",\"temp\":20.0,\"n\":2}");
    assertThat(d.appended("f")).isEmpty();

    d.pipe(S, "d", 10_000, "{\"room\":\"hall\",\"temp\":99.0,\"n\":9}");

    assertThat(text(d.appended("f")))
        .containsExactly(
            "den@9999 {\"room\":\"den\",\"count\":1,\"total\":4.0,\"mean\":4.0,\"lo\":4.0,"
                + "\"hi\":4.0,\"latest\":7,\"windowStart\":0,\"windowEnd\":10000}",
            "hall@9999 {\"room\":\"hall\",\"count\":2,\"total\":30.0,\"mean\":15.0,\"lo\":10.0,"
                + "\"hi\":20.0,\"latest\":2,\"windowStart\":0,\"windowEnd\":10000}");
  }

  @Test
  void lastTakesTheLatestEventTimeNotTheLastArrival() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                window: {size: 10s}
                compute: {latest: last(n)}
            """,
            false);
    d.pipe(S, "a", 5_000, "{\"n\":1}");
    d.pipe(S, "b", 4_000, "{\"n\":2}");
    d.pipe(S, "c", 10_000, "{\"n\":3}");

    assertThat(text(d.appended("f")))
        .containsExactly("all@9999 {\"latest\":1,\"windowStart\":0,\"windowEnd\":10000}");
  }

  @Test
  void slidingAggregateCountsARecordInEveryWindowHoldingIt() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                window: {size: 10s, slide: 5s}
                compute: {count: count()}
            """,
            false);
    d.pipe(S, "a", 7_000, "{}");
    d.pipe(S, "b", 12_000, "{}");
    d.pipe(S, "c", 30_000, "{}");

    assertThat(text(d.appended("f")))
        .containsExactly(
            "all@9999 {\"count\":1,\"windowStart\":0,\"windowEnd\":10000}",
            "all@14999 {\"count\":2,\"windowStart\":5000,\"windowEnd\":15000}",
            "all@19999 {\"count\":1,\"windowStart\":10000,\"windowEnd\":20000}");
  }

  @Test
  void aRecordWithinTheAllowedLatenessStillCounts() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                window: {size: 10s, lateness: 5s}
                compute: {count: count()}
            """,
            true);
    d.pipe(S, "a", 1_000, "{}");
    d.pipe(S, "b", 12_000, "{}");
    d.pipe(S, "late-but-allowed", 9_000, "{}");
    d.pipe(S, "c", 15_000, "{}");

    assertThat(text(d.appended("f")))
        .containsExactly("all@9999 {\"count\":2,\"windowStart\":0,\"windowEnd\":10000}");
    assertThat(d.deadLetters("f")).isEmpty();
  }

  @Test
  void aRecordForAClosedWindowGoesToTheDeadLetterStore() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                window: {size: 10s, lateness: 5s}
                compute: {count: count()}
            """,
            true);
    d.pipe(S, "a", 1_000, "{}");
    d.pipe(S, "b", 15_000, "{}");
    d.pipe(S, "too-late", 9_000, "{}");

    assertThat(text(d.appended("f")))
        .containsExactly("all@9999 {\"count\":1,\"windowStart\":0,\"windowEnd\":10000}");
    assertThat(text(d.deadLetters("f")))
        .containsExactly(
            "too-late@9000 {\"reason\":\"late: its window ending at 10000 closed (watermark 15000,"
                + " allowed lateness 5000 ms)\",\"step\":\"aggregate(by=,size=10000,slide=10000,"
                + "lateness=5000,count=count())\",\"key\":\"too-late\",\"time\":9000,\"value\":{}}");
  }

  @Test
  void aLateRecordIsDroppedAndCountedWhenTheFlowHasNoDeadLetterStore() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                window: {size: 10s}
                compute: {count: count()}
            """,
            false);
    d.pipe(S, "a", 1_000, "{}");
    d.pipe(S, "b", 10_000, "{}");
    d.pipe(S, "too-late", 2_000, "{}");
    d.pipe(S, "c", 20_000, "{}");

    assertThat(text(d.appended("f")))
        .containsExactly(
            "all@9999 {\"count\":1,\"windowStart\":0,\"windowEnd\":10000}",
            "all@19999 {\"count\":1,\"windowStart\":10000,\"windowEnd\":20000}");
    assertThat(d.counters(S, 0).dropped()).isEqualTo(1);
  }

  @Test
  void sortEmitsEachWindowOrderedByTheField() {
    SyncTestDriver d =
        driver(
            """
            - sort: {by: temp, window: {size: 10s}}
            """,
            false);
    d.pipe(S, "a", 1_000, "{\"temp\":3.0}");
    d.pipe(S, "b", 2_000, "{\"room\":\"no temp\"}");
    d.pipe(S, "c", 3_000, "{\"temp\":1.0}");
    d.pipe(S, "d", 4_000, "{\"temp\":2.0}");
    d.pipe(S, "e", 5_000, "{\"temp\":1.0}");
    assertThat(d.appended("f")).isEmpty();
    d.pipe(S, "next", 11_000, "{\"temp\":0.0}");

    assertThat(text(d.appended("f")))
        .containsExactly(
            "c@3000 {\"temp\":1.0}",
            "e@5000 {\"temp\":1.0}",
            "d@4000 {\"temp\":2.0}",
            "a@1000 {\"temp\":3.0}",
            "b@2000 {\"room\":\"no temp\"}");
  }

  @Test
  void sortDescendingKeepsRecordsWithoutTheFieldLast() {
    SyncTestDriver d =
        driver(
            """
            - sort: {by: temp, order: desc, window: {size: 10s}}
            """,
            false);
    d.pipe(S, "a", 1_000, "{}");
    d.pipe(S, "b", 2_000, "{\"temp\":1.0}");
    d.pipe(S, "c", 3_000, "{\"temp\":5.0}");
    d.pipe(S, "next", 10_000, "{}");

    assertThat(text(d.appended("f")))
        .containsExactly("c@3000 {\"temp\":5.0}", "b@2000 {\"temp\":1.0}", "a@1000 {}");
  }

  @Test
  void sortRejectsARecordForAWindowAlreadyEmitted() {
    SyncTestDriver d = driver("- sort: {by: temp, window: {size: 10s}}", true);
    d.pipe(S, "a", 10_000, "{\"temp\":1.0}");
    d.pipe(S, "late", 9_999, "{\"temp\":0.0}");

    assertThat(d.deadLetters("f"))
        .extracting(r -> r.value().get("reason").asText())
        .containsExactly(
            "late: its window ending at 10000 closed (watermark 10000, allowed lateness 0 ms)");
  }

  @Test
  void dedupeKeepsTheFirstRecordPerKeyWithinAWindow() {
    SyncTestDriver d = driver("- dedupe: {by: id, window: {size: 1m}}", false);
    d.pipe(S, "a", 1_000, "{\"id\":\"x\",\"n\":1}");
    d.pipe(S, "b", 2_000, "{\"id\":\"y\",\"n\":2}");
    d.pipe(S, "c", 3_000, "{\"id\":\"x\",\"n\":3}");
    d.pipe(S, "d", 61_000, "{\"id\":\"x\",\"n\":4}");

    assertThat(text(d.appended("f")))
        .containsExactly(
            "a@1000 {\"id\":\"x\",\"n\":1}",
            "b@2000 {\"id\":\"y\",\"n\":2}",
            "d@61000 {\"id\":\"x\",\"n\":4}");
  }

  @Test
  void dedupeForgetsAWindowOnceItCloses() {
    SyncTestDriver d = driver("- dedupe: {by: id, window: {size: 1m}}", false);
    d.pipe(S, "a", 1_000, "{\"id\":\"x\"}");
    d.pipe(S, "b", 2_000, "{\"id\":\"y\"}");
    assertThat(d.snapshot(S, 0).toString()).contains("[\\\"x\\\"]", "[\\\"y\\\"]");

    d.pipe(S, "c", 60_000, "{\"id\":\"z\"}");

    assertThat(d.snapshot(S, 0).toString()).doesNotContain("[\\\"x\\\"]").contains("[\\\"z\\\"]");
  }

  @Test
  void aWindowAfterAnotherSeesTheFirstOnesResultsOnTime() {
    SyncTestDriver d =
        driver(
            """
            - aggregate:
                window: {size: 10s, lateness: 2s}
                compute: {count: count()}
            - aggregate:
                window: {size: 20s}
                compute: {total: sum(count)}
            """,
            true);
    for (long t = 0; t < 50_000; t += 2_500) {
      d.pipe(S, "k" + t, t, "{}");
    }

    assertThat(text(d.appended("f")))
        .containsExactly(
            "all@19999 {\"total\":8.0,\"windowStart\":0,\"windowEnd\":20000}",
            "all@39999 {\"total\":8.0,\"windowStart\":20000,\"windowEnd\":40000}");
    assertThat(d.deadLetters("f")).isEmpty();
  }
}
