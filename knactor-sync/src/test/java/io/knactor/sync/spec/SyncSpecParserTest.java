package io.knactor.sync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.SpecException;
import org.junit.jupiter.api.Test;

/** The shape of a Sync spec, and the parser's messages for every way it can be wrong. */
class SyncSpecParserTest {
  private static final String HOME =
      """
      kind: Sync
      name: home
      input:
        M: SmartHome/v1/Motion/motion-1
        H: SmartHome/v1/House/house-1
      flows:
        motion:
          from: M.reading
          pipeline:
            - filter: 'level > 0.5'
            - rename: {triggered: motion}
            - aggregate:
                by: [room]
                window: {size: 1m, slide: 30s, lateness: 5s}
                compute: {n: count(), peak: max(level)}
          to: H.motion
          deadLetter: H.rejected
        last:
          from: M.reading
          fold: {into: H.house, object: main}
      """;

  @Test
  void parsesFlowsStepsAndSinks() {
    SyncSpec spec = SyncSpecParser.parse(HOME, "home.yaml");

    assertThat(spec.name()).isEqualTo("home");
    assertThat(spec.inputs()).containsOnlyKeys("M", "H");
    FlowDecl motion = spec.flows().get(0);
    assertThat(motion.pipeline())
        .extracting(OperatorDecl::signature)
        .containsExactly(
            "filter(level > 0.5)",
            "rename(triggered->motion)",
            "aggregate(by=room,size=60000,slide=30000,lateness=5000,n=count(),peak=max(level))");
    assertThat(motion.pipeline().get(0).location()).hasToString("home.yaml:10:9");
    assertThat(motion.sink())
        .extracting(s -> s.mode() + " " + s.target() + " " + s.objectName())
        .isEqualTo("APPEND H.motion null");
    assertThat(motion.deadLetter()).hasToString("H.rejected");
    FlowDecl last = spec.flows().get(1);
    assertThat(last.pipeline()).isEmpty();
    assertThat(last.sink())
        .extracting(s -> s.mode() + " " + s.target() + " " + s.objectName())
        .isEqualTo("FOLD H.house main");
  }

  @Test
  void theSignatureIgnoresHowAStepIsWritten() {
    String flow =
        """
        kind: Sync
        name: a
        input: {S: A/v1/B/c}
        flows:
          f:
            from: S.x
            pipeline:
              - filter: "n >  1"
              - cut: room
            to: S.y
        """;
    String other =
        flow.replace("\"n >  1\"", "|\n          n >  1").replace("cut: room", "cut: [room]");

    assertThat(SyncSpecParser.parse(other, "b.yaml").flows().get(0).pipeline())
        .extracting(OperatorDecl::signature)
        .isEqualTo(
            SyncSpecParser.parse(flow, "a.yaml").flows().get(0).pipeline().stream()
                .map(OperatorDecl::signature)
                .toList());
  }

  @Test
  void everyShapeErrorIsListedWithItsPlace() {
    String spec =
        """
        kind: Synk
        name: Home
        colour: blue
        input:
          M: SmartHome/v1/Motion
        flows:
          a:
            from: M
            pipeline:
              - filtre: x
              - cut: [room, 2nd]
              - sort: {by: level, order: up, window: {size: 1 minute}}
              - {filter: x, put: {a: b}}
            to: H.motion
            fold: H.house
          b:
            from: M.reading
        """;

    assertThatThrownBy(() -> SyncSpecParser.parse(spec, "bad.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            """
            invalid Sync spec:
              bad.yaml:1:7: error: kind must be 'Sync', got 'Synk'
              bad.yaml:2:7: error: invalid name 'Home': must match [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?
              bad.yaml:3:1: error: unknown key 'colour' (expected kind, name, input, flows, revisionHistoryLimit)
              bad.yaml:5:6: error: invalid store 'SmartHome/v1/Motion': expected App/version/Type/instance
              bad.yaml:8:11: error: 'from' must be Alias.kind, e.g. M.reading
              bad.yaml:10:9: error: unknown operator 'filtre' (expected filter, put, rename, cut, drop, sort, aggregate, dedupe, repartition, operator)
              bad.yaml:11:21: error: invalid field name '2nd': must match [A-Za-z_][A-Za-z0-9_]*
              bad.yaml:12:34: error: order must be asc or desc, got 'up'
              bad.yaml:12:53: error: invalid duration '1 minute' for size (e.g. 500ms, 10s, 1m, 2h, 1d)
              bad.yaml:13:9: error: a pipeline step is one operator, e.g. '- filter: temp > 20.0'
              bad.yaml:14:5: error: flow a needs exactly one of 'to:' (a log store) and 'fold:' (an object store)
              bad.yaml:17:5: error: flow b needs exactly one of 'to:' (a log store) and 'fold:' (an object store)"""
                .strip());
  }

  @Test
  void malformedYamlNamesItsPlace() {
    assertThatThrownBy(() -> SyncSpecParser.parse("kind: Sync\nflows: [a\n", "y.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("y.yaml:3:1: error: malformed YAML: ");
  }

  @Test
  void aSpecThatIsNotAMappingIsRefused() {
    assertThatThrownBy(() -> SyncSpecParser.parse("- a\n- b\n", "l.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "invalid Sync spec:\n"
                + "  l.yaml:1:1: error: a Sync spec is a YAML mapping with kind, name, input and"
                + " flows");
  }

  @Test
  void durationsReadEveryUnit() {
    assertThat(Durations.parseMillis("250ms")).isEqualTo(250);
    assertThat(Durations.parseMillis("10s")).isEqualTo(10_000);
    assertThat(Durations.parseMillis("5m")).isEqualTo(300_000);
    assertThat(Durations.parseMillis("2h")).isEqualTo(7_200_000);
    assertThat(Durations.parseMillis("1d")).isEqualTo(86_400_000);
    assertThat(Durations.parseMillis("1.5s")).isEqualTo(-1);
    assertThat(Durations.format(90_000)).isEqualTo("90s");
    assertThat(Durations.format(0)).isEqualTo("0ms");
  }
}
