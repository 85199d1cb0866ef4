package io.knactor.cast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoredObject;
import io.knactor.core.schema.SchemaParser;
import org.junit.jupiter.api.Test;

/** The smart home of the paper's Figure 4: a house's configuration joins every lamp. */
class SingletonEvaluationTest {
  private static final String HOUSE = "SmartHome/v1/House/house";
  private static final String MOTION = "SmartHome/v1/Motion/motion";
  private static final String LAMPS = "SmartHome/v1/Lamp/lamps";

  private static final CompiledCast HOME =
      new CastChecker(
              SchemaCatalog.of(
                  SchemaParser.parse(
                      """
                      schema: SmartHome/v1/House/Config # +kr: singleton
                      sensitivity: integer
                      dimTo: integer
                      """),
                  SchemaParser.parse(
                      """
                      schema: SmartHome/v1/Motion/Config # +kr: singleton
                      sensitivity: integer # +kr: external
                      """),
                  SchemaParser.parse(
                      """
                      schema: SmartHome/v1/Lamp/Lamp
                      room: string
                      brightness: integer # +kr: external
                      """)),
              FunctionRegistry.empty())
          .compile(
              """
              kind: Cast
              name: home
              input:
                H: SmartHome/v1/House/house
                M: SmartHome/v1/Motion/motion
                L: SmartHome/v1/Lamp/lamps
              dxg:
                M.config:
                  sensitivity: H.config.sensitivity
                L.lamp:
                  brightness: 'this.room == "bedroom" ? H.config.dimTo : 100'
              singletons:
                M.config: motion-config
              """,
              "home.cast.yaml");

  private final CastEvaluator evaluator = new CastEvaluator("cast:home");
  private final Objects store = new Objects();

  @Test
  void aSingletonChangeReachesEveryKeyAndTheSingletonTargetInOneBatch() {
    store.put(LAMPS, "Lamp", "l-1", "{'room':'bedroom'}");
    store.put(LAMPS, "Lamp", "l-2", "{'room':'kitchen'}");
    StoredObject config = store.put(HOUSE, "Config", "home", "{'sensitivity':3,'dimTo':20}");

    Evaluation evaluation = evaluator.evaluate(HOME, SourceChange.of(config), store.view());

    assertThat(evaluation.batch().orElseThrow().writes())
        .extracting(w -> w.key() + " " + Json.toString(w.data()))
        .containsExactly(
            MOTION + "/Config/motion-config {\"sensitivity\":3}",
            LAMPS + "/Lamp/l-1 {\"brightness\":20}",
            LAMPS + "/Lamp/l-2 {\"brightness\":100}");
    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .containsExactly(
            "(singletons) M.config.sensitivity: WRITTEN",
            "l-1 L.lamp.brightness: WRITTEN",
            "l-2 L.lamp.brightness: WRITTEN");
  }

  @Test
  void aKeyChangeJoinsTheSingletonWhateverItsName() {
    store.put(HOUSE, "Config", "home", "{'sensitivity':3,'dimTo':20}");
    StoredObject lamp = store.put(LAMPS, "Lamp", "l-1", "{'room':'bedroom'}");
    store.put(LAMPS, "Lamp", "l-2", "{'room':'kitchen'}");

    Evaluation evaluation = evaluator.evaluate(HOME, SourceChange.of(lamp), store.view());

    assertThat(evaluation.writes())
        .extracting(w -> w.key().name() + " " + Json.toString(w.data()))
        .containsExactly("l-1 {\"brightness\":20}");
  }

  @Test
  void aSingletonWithTwoObjectsFailsTheRulesThatReadIt() {
    store.put(HOUSE, "Config", "home", "{'sensitivity':3,'dimTo':20}");
    store.put(HOUSE, "Config", "cabin", "{'sensitivity':1,'dimTo':5}");
    StoredObject lamp = store.put(LAMPS, "Lamp", "l-1", "{'room':'bedroom'}");

    Evaluation evaluation = evaluator.evaluate(HOME, SourceChange.of(lamp), store.view());

    assertThat(evaluation.outcomes())
        .extracting(RuleOutcome::toString)
        .containsExactly(
            "l-1 L.lamp.brightness: FAILED (singleton H.config has 2 objects (cabin, home);"
                + " expected one)");
    assertThat(evaluation.batch()).isEmpty();
  }

  @Test
  void evaluateKeyRunsEveryRuleOfOneKey() {
    store.put(HOUSE, "Config", "home", "{'sensitivity':3,'dimTo':20}");
    store.put(LAMPS, "Lamp", "l-2", "{'room':'kitchen'}");

    assertThat(evaluator.keys(HOME, store.view())).containsExactly("l-2", "(singletons)");
    assertThat(evaluator.evaluateKey(HOME, CastEvaluator.SINGLETON_KEY, store.view()).writes())
        .extracting(w -> w.key().name() + " " + Json.toString(w.data()))
        .containsExactly("motion-config {\"sensitivity\":3}");
    assertThat(evaluator.evaluateKey(HOME, "l-2", store.view()).writes())
        .extracting(w -> w.key().name() + " " + Json.toString(w.data()))
        .containsExactly("l-2 {\"brightness\":100}");
  }
}
