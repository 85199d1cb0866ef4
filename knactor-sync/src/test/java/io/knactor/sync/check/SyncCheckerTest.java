package io.knactor.sync.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.SpecException;
import io.knactor.sync.Home;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.spec.SyncSpecParser;
import org.junit.jupiter.api.Test;

/**
 * The checker's messages, exactly as a person reads them. Specs are built by {@link Home#spec}, so
 * the first line of the flows is line 10 of {@code test.sync.yaml}.
 */
class SyncCheckerTest {
  private static String report(String flows) {
    return report(flows, OperatorRegistry.empty());
  }

  private static String report(String flows, OperatorRegistry operators) {
    return Home.checker(operators)
        .check(SyncSpecParser.parse(Home.spec(flows), "test.sync.yaml"))
        .report();
  }

  @Test
  void aCleanSpecHasNoIssueAndAPlan() {
    SyncCheckResult result =
        Home.checker()
            .check(
                SyncSpecParser.parse(
                    Home.spec(
                        """
                        motion:
                          from: M.reading
                          pipeline:
                            - rename: {triggered: motion}
                          to: H.motion
                        """),
                    "test.sync.yaml"));

    assertThat(result.issues()).isEmpty();
    assertThat(result.compiledPlan()).isPresent();
  }

  @Test
  void unknownAliasAndKindNameTheirLine() {
    assertThat(
            report(
                """
                a:
                  from: X.reading
                  to: H.motion
                b:
                  from: M.readings
                  to: H.motion
                """))
        .isEqualTo(
            """
            test.sync.yaml:11:11: error: flows.a.from: unknown alias 'X' (inputs: D, H, L, M, S)
            test.sync.yaml:14:11: error: flows.b.from: unknown kind 'readings' in M (store SmartHome/v1/Motion/motion-1 has Reading)"""
                .strip());
  }

  @Test
  void aStoreWithoutSchemasIsReportedAtItsInput() {
    String spec =
        """
        kind: Sync
        name: test
        input:
          M: SmartHome/v1/Motion/motion-1
          Q: Nowhere/v1/Queue/q-1
        flows:
          a:
            from: Q.item
            to: M.reading
        """;

    assertThat(Home.checker().check(SyncSpecParser.parse(spec, "q.yaml")).report())
        .isEqualTo(
            "q.yaml:5:3: error: input.Q: no schemas are known for store Nowhere/v1/Queue/q-1;"
                + " register its schemas first");
  }

  @Test
  void unknownFieldsAreFollowedThroughThePipeline() {
    assertThat(
            report(
                """
                a:
                  from: M.reading
                  pipeline:
                    - rename: {triggered: motion}
                    - cut: [room, triggered]
                    - drop: [levle]
                  to: H.motion
                """))
        .isEqualTo(
            """
            test.sync.yaml:14:21: error: flows.a.pipeline[1].cut: unknown field 'triggered' (the records here have room, motion, level)"""
                .strip());
  }

  @Test
  void celSyntaxAndTypeErrorsPointIntoTheExpression() {
    assertThat(
            report(
                """
                a:
                  from: S.event
                  pipeline:
                    - filter: temp > > 1.0
                    - put: {label: room + 1}
                  to: D.out
                """))
        .isEqualTo(
            """
            test.sync.yaml:13:24: error: flows.a.pipeline[0].filter: syntax error: extraneous input '>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}"""
                .strip());
  }

  @Test
  void typeErrorsAndNonBooleanFiltersAreReported() {
    assertThat(
            report(
                """
                a:
                  from: S.event
                  pipeline:
                    - put: {label: room + 1}
                    - filter: room
                  to: D.out
                b:
                  from: S.event
                  pipeline:
                    - filter: room
                  to: D.out
                """))
        .isEqualTo(
            """
            test.sync.yaml:13:27: error: flows.a.pipeline[0].put.label: type error: found no matching overload for '_+_' applied to '(string, int)' (candidates: (int, int),(uint, uint),(double, double),(string, string),(bytes, bytes),(list(%A0), list(%A0)),(google.protobuf.Timestamp, google.protobuf.Duration),(google.protobuf.Duration, google.protobuf.Timestamp),(google.protobuf.Duration, google.protobuf.Duration))
            test.sync.yaml:19:17: error: flows.b.pipeline[0].filter: a filter must yield bool, but the expression yields string"""
                .strip());
  }

  @Test
  void anExpressionReadingAFieldTheRecordsNoLongerHaveIsReported() {
    assertThat(
            report(
                """
                a:
                  from: M.reading
                  pipeline:
                    - rename: {level: strength}
                    - filter: level > 0.5
                  to: D.out
                """))
        .isEqualTo(
            "test.sync.yaml:14:17: error: flows.a.pipeline[1].filter: type error: undeclared"
                + " reference to 'level' (in container '')");
  }

  @Test
  void unknownUserOperatorsListWhatIsRegistered() {
    assertThat(
            report(
                """
                a:
                  from: S.event
                  pipeline:
                    - operator: split-wrods
                  to: D.out
                """,
                OperatorRegistry.load()))
        .isEqualTo(
            "test.sync.yaml:13:19: error: flows.a.pipeline[0].operator: unknown user operator"
                + " 'split-wrods' (registered: count-words, split-words)");
  }

  @Test
  void aUserOperatorThatRefusesItsInputIsReported() {
    assertThat(
            report(
                """
                a:
                  from: M.reading
                  pipeline:
                    - operator: split-words
                  to: D.out
                """,
                OperatorRegistry.load()))
        .isEqualTo(
            "test.sync.yaml:13:19: error: flows.a.pipeline[0].operator: operator split-words"
                + " rejects its input: needs a 'text' field");
  }

  @Test
  void badWindowsAreReported() {
    assertThat(
            report(
                """
                a:
                  from: S.event
                  pipeline:
                    - aggregate:
                        window: {size: 1m, slide: 2m}
                        compute: {count: count()}
                    - aggregate:
                        window: {size: 1m, slide: 25s}
                        compute: {count: count()}
                    - sort: {by: temp, window: {size: 1m, slide: 30s}}
                    - dedupe: {by: id, window: {size: 0s}}
                  to: D.out
                """))
        .isEqualTo(
            """
            test.sync.yaml:14:11: error: flows.a.pipeline[0].aggregate.window: the slide 2m is longer than the window size 1m
            test.sync.yaml:17:11: error: flows.a.pipeline[1].aggregate.window: the window size 1m is not a multiple of the slide 25s
            test.sync.yaml:19:26: error: flows.a.pipeline[2].sort.window: only aggregate windows slide; remove 'slide'
            test.sync.yaml:20:26: error: flows.a.pipeline[3].dedupe.window: the window size must be positive"""
                .strip());
  }

  @Test
  void aggregateFunctionsAndTheirFieldsAreChecked() {
    assertThat(
            report(
                """
                a:
                  from: S.event
                  pipeline:
                    - aggregate:
                        by: [room, floor]
                        window: {size: 1m}
                        compute:
                          total: sum(room)
                          mean: average(temp)
                          count: count(n)
                          room: max(temp)
                  to: D.out
                """))
        .isEqualTo(
            """
            test.sync.yaml:14:22: error: flows.a.pipeline[0].aggregate: unknown field 'floor' (the records here have id, room, temp, n, ok, text, tags)
            test.sync.yaml:17:20: error: flows.a.pipeline[0].aggregate.compute.total: sum(room) needs a number, but 'room' is string
            test.sync.yaml:18:19: error: flows.a.pipeline[0].aggregate.compute.mean: unknown aggregate function 'average' (expected count, sum, avg, min, max, last)
            test.sync.yaml:19:20: error: flows.a.pipeline[0].aggregate.compute.count: count() takes no field
            test.sync.yaml:20:13: error: flows.a.pipeline[0].aggregate.compute.room: output 'room' clashes with a group field or windowStart/windowEnd"""
                .strip());
  }

  @Test
  void theSinkSchemaMustDeclareAndHoldEveryField() {
    assertThat(
            report(
                """
                a:
                  from: M.reading
                  to: H.motion
                b:
                  from: L.energy
                  pipeline:
                    - rename: {watts: room, room: energy}
                  to: H.roomEnergy
                """))
        .isEqualTo(
            """
            test.sync.yaml:12:9: error: flows.a.to: field 'triggered' is not declared in H.motion (SmartHome/v1/House/Motion) (it declares room, motion, level)
            test.sync.yaml:17:9: error: flows.b.to: field 'energy' is string here but number in H.roomEnergy (SmartHome/v1/House/RoomEnergy)
            test.sync.yaml:17:9: error: flows.b.to: field 'lamp' is not declared in H.roomEnergy (SmartHome/v1/House/RoomEnergy) (it declares room, energy, readings, windowStart, windowEnd)
            test.sync.yaml:17:9: error: flows.b.to: field 'room' is number here but string in H.roomEnergy (SmartHome/v1/House/RoomEnergy)"""
                .strip());
  }

  @Test
  void aFoldMayOnlyWriteExternalFields() {
    assertThat(
            report(
                """
                a:
                  from: M.reading
                  pipeline:
                    - rename: {triggered: motion, room: owner}
                  fold: H.house
                """))
        .isEqualTo(
            "test.sync.yaml:14:11: error: flows.a.fold: field 'owner' of H.house"
                + " (SmartHome/v1/House/House) is not marked '+kr: external'; a sync may only fold"
                + " into external fields");
  }

  @Test
  void aFlowMayNotAppendToTheStreamItReads() {
    assertThat(
            report(
                """
                loop:
                  from: S.event
                  to: S.event
                """))
        .isEqualTo(
            "test.sync.yaml:12:9: error: flows.loop.to: flow loop appends to the stream it reads"
                + " (S.event)");
  }

  @Test
  void orThrowListsEveryError() {
    SyncCheckResult result =
        Home.checker()
            .check(
                SyncSpecParser.parse(
                    Home.spec(
                        """
                        a:
                          from: X.reading
                          pipeline:
                            - filter: 1
                          to: Y.motion
                        """),
                    "test.sync.yaml"));

    assertThatThrownBy(result::orThrow)
        .isInstanceOf(SpecException.class)
        .hasMessage(
            """
            test.sync.yaml does not check (2 errors):
              test.sync.yaml:11:11: error: flows.a.from: unknown alias 'X' (inputs: D, H, L, M, S)
              test.sync.yaml:14:9: error: flows.a.to: unknown alias 'Y' (inputs: D, H, L, M, S)"""
                .strip());
  }

  @Test
  void aBadRepartitionStepIsNamedWithItsProblem() {
    assertThat(
            report(
                """
                a:
                  from: L.energy
                  pipeline:
                    - repartition: {by: [rooom]}
                    - aggregate: {by: room, window: {size: 1m}, compute: {energy: sum(watts)}}
                  to: H.roomEnergy
                b:
                  from: S.event
                  pipeline:
                    - repartition: {by: room}
                  to: D.out
                """))
        .isEqualTo(
            """
            test.sync.yaml:13:28: error: flows.a.pipeline[0].repartition: unknown field 'rooom' (the records here have room, lamp, watts)
            test.sync.yaml:19:9: error: flows.b.pipeline[0].repartition: repartition is the last step of flow b: it only regroups records for the steps after it (e.g. an aggregate by the same fields); remove it or add those steps"""
                .strip());
  }

  @Test
  void aRepartitionWithoutByOrWithUnknownKeysIsRefusedByTheParser() {
    assertThatThrownBy(
            () ->
                report(
                    """
                    a:
                      from: L.energy
                      pipeline:
                        - repartition: {key: room}
                        - cut: room
                      to: H.roomEnergy
                    """))
        .hasMessage(
            """
            invalid Sync spec:
              test.sync.yaml:13:22: error: missing 'by:'
              test.sync.yaml:13:23: error: unknown key 'key' (expected by)""");
  }
}
