package io.knactor.sync;

import io.knactor.cast.check.SchemaCatalog;
import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.SyncPlan;
import java.util.List;

/** The smart home of the Knactor paper's Figure 4, and a generic test stream, as test material. */
public final class Home {
  public static final List<Schema> SCHEMAS =
      List.of(
          SchemaParser.parse(
              """
              schema: SmartHome/v1/Motion/Reading
              room: string
              triggered: boolean
              level: number
              """),
          SchemaParser.parse(
              """
              schema: SmartHome/v1/House/Motion
              room: string
              motion: boolean
              level: number
              """),
          SchemaParser.parse(
              """
              schema: SmartHome/v1/House/House # +kr: singleton
              owner: string
              room: string # +kr: external
              motion: boolean # +kr: external
              level: number # +kr: external
              """),
          SchemaParser.parse(
              """
              schema: SmartHome/v1/House/RoomEnergy
              room: string
              energy: number
              readings: integer
              windowStart: integer
              windowEnd: integer
              """),
          SchemaParser.parse(
              """
              schema: SmartHome/v1/House/Rejected
              reason: string
              step: string
              key: string
              time: integer
              value: object
              """),
          SchemaParser.parse(
              """
              schema: SmartHome/v1/Lamp/Energy
              room: string
              lamp: string
              watts: number
              """),
          SchemaParser.parse(
              """
              schema: Test/v1/Src/Event
              id: string
              room: string
              temp: number
              n: integer
              ok: boolean
              text: string
              tags: array<string>
              """),
          SchemaParser.parse(
              """
              schema: Test/v1/Dst/Out
              id: any
              room: any
              temp: any
              n: any
              ok: any
              text: any
              tags: any
              word: any
              count: any
              total: any
              mean: any
              lo: any
              hi: any
              latest: any
              celsius: any
              hot: any
              label: any
              windowStart: any
              windowEnd: any
              """),
          SchemaParser.parse(
              """
              schema: Test/v1/Dst/Rejected
              reason: string
              step: string
              key: string
              time: integer
              value: object
              """));

  public static final String INPUTS =
      """
      input:
        M: SmartHome/v1/Motion/motion-1
        H: SmartHome/v1/House/house-1
        L: SmartHome/v1/Lamp/lamp-1
        S: Test/v1/Src/src
        D: Test/v1/Dst/dst
      """;

  private Home() {}

  public static SchemaCatalog catalog() {
    return SchemaCatalog.of(SCHEMAS);
  }

  public static SyncChecker checker(OperatorRegistry operators) {
    return new SyncChecker(catalog(), operators);
  }

  public static SyncChecker checker() {
    return checker(OperatorRegistry.empty());
  }

  /** A spec named {@code test} over {@link #INPUTS} with the given {@code flows:} body. */
  public static String spec(String flows) {
    return "kind: Sync\nname: test\n" + INPUTS + "flows:\n" + flows.stripTrailing().indent(2);
  }

  /** Plans a spec built by {@link #spec}. */
  public static SyncPlan plan(String flows) {
    return checker().compile(spec(flows), "test.sync.yaml");
  }

  public static SyncPlan plan(String flows, OperatorRegistry operators) {
    return checker(operators).compile(spec(flows), "test.sync.yaml");
  }
}
