package io.knactor.sync.plan;

import static io.knactor.sync.Records.emissions;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.sync.Home;
import io.knactor.sync.exec.SyncTestDriver;
import io.knactor.sync.exec.TaskCounters;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Flows that read one source through the same leading steps share one execution of them. */
class ConsolidationTest {
  private static final String PREFIX =
      """
          - filter: temp > 0.0
          - put: {celsius: (temp - 32.0) * 5.0 / 9.0}
      """;

  /** Flow {@code i}: PREFIX, then a step of its own. */
  private static String flow(int i) {
    return """
        f%d:
          from: S.event
          pipeline:
        %s    - put: {label: "'flow %d'"}
          to: D.out
        """
        .formatted(i, PREFIX, i);
  }

  private static String flows(int n) {
    return IntStream.range(0, n).mapToObj(ConsolidationTest::flow).collect(Collectors.joining());
  }

  private static SyncTestDriver run(SyncPlan plan, int records) {
    SyncTestDriver driver = new SyncTestDriver(plan);
    for (int i = 0; i < records; i++) {
      driver.pipe(
          "S.event",
          "k" + i,
          i,
          "{\"room\":\"r%d\",\"temp\":%d.0,\"n\":%d,\"id\":\"i%d\"}".formatted(i % 3, i - 2, i, i));
    }
    return driver;
  }

  @Test
  void eightFlowsWithASharedPrefixRunThePrefixOncePerRecord() {
    SyncPlan plan = Home.plan(flows(8));
    SourcePlan source = plan.sources().get(0);
    PlanNode filter = source.root().children().get(0);
    PlanNode put = filter.children().get(0);

    SyncTestDriver driver = run(plan, 10);

    TaskCounters counters = driver.counters("S.event", 0);
    assertThat(source.root().children()).hasSize(1);
    assertThat(put.children()).hasSize(8);
    assertThat(counters.stepRuns(filter.id())).isEqualTo(10);
    assertThat(counters.stepRuns(put.id())).isEqualTo(7);
    assertThat(counters.totalStepRuns()).isEqualTo(10 + 7 + 8 * 7);
    assertThat(plan.operatorCount()).isEqualTo(2 + 8);
  }

  @Test
  void consolidatedFlowsEmitWhatEachFlowEmitsAlone() {
    SyncTestDriver together = run(Home.plan(flows(4)), 12);

    for (int i = 0; i < 4; i++) {
      String flow = "f" + i;
      SyncTestDriver single = run(Home.plan(flow(i)), 12);
      assertThat(emissions(together.emissions()).stream().filter(e -> e.startsWith(flow + " ")))
          .isEqualTo(emissions(single.emissions()))
          .hasSize(9);
    }
  }

  @Test
  void flowsFromDifferentSourcesOrDifferentStepsDoNotShare() {
    SyncPlan plan =
        Home.plan(
            """
            a:
              from: S.event
              pipeline:
                - filter: temp > 0.0
              to: D.out
            b:
              from: S.event
              pipeline:
                - filter: temp > 1.0
              to: D.out
            c:
              from: M.reading
              pipeline:
                - filter: level > 0.0
                - rename: {triggered: motion}
              to: H.motion
            """);

    assertThat(plan.sources()).hasSize(2);
    assertThat(plan.sources().get(0).root().children()).hasSize(2);
    assertThat(plan.operatorCount()).isEqualTo(4);
  }

  @Test
  void aStepKeepsItsStateNamespaceWhenOtherFlowsAreAdded() {
    PlanNode alone = Home.plan(flows(1)).sources().get(0).root().children().get(0);
    PlanNode shared = Home.plan(flows(5)).sources().get(0).root().children().get(0);

    assertThat(shared.id()).isEqualTo(alone.id()).startsWith("n-");
  }
}
