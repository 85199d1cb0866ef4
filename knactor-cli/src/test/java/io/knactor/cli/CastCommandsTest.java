package io.knactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** check, graph, rollout and get cast, in-process against a real server. */
class CastCommandsTest extends ServerCliTest {
  private static final String SCHEMAS =
      """
      schema: Shop/v1/Orders/Order
      item: string
      total: number
      method: string # +kr: external
      ---
      schema: Shop/v1/Shipping/Shipment
      item: string # +kr: external
      method: string # +kr: external
      """;
  private static final String REGISTRY =
      """
      kind: Principal
      name: orders
      role: knactor
      ---
      kind: Principal
      name: shipping
      role: knactor
      ---
      kind: Knactor
      name: Shop/v1/Orders/orders
      principal: orders
      ---
      kind: Knactor
      name: Shop/v1/Shipping/shipping
      principal: shipping
      """;
  private static final String CAST =
      """
      kind: Cast
      name: shop
      input:
        O: Shop/v1/Orders/orders
        S: Shop/v1/Shipping/shipping
      dxg:
        S.shipment:
          item: O.order.item
          method: 'O.order.total > 100.0 ? "air" : "ground"'
        O.order:
          method: S.shipment.method
      """;

  @Test
  void checkOfflineAgainstSchemaFilesPassesACleanSpec() throws Exception {
    Path schemas = Files.createDirectories(dir.resolve("schemas"));
    file("schemas/shop.yaml", SCHEMAS);
    Path spec = file("shop.cast.yaml", CAST);

    CliRun run =
        knactor(
            "--server",
            "http://127.0.0.1:1",
            "check",
            "-f",
            spec.toString(),
            "--schemas",
            schemas.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo(spec + ": checks (0 errors, 0 warnings)\n");
  }

  @Test
  void checkListsEveryIssueWithFileLineAndColumnAndExitsOne() throws Exception {
    Path spec =
        file(
            "bad.cast.yaml",
            SCHEMAS
                + "---\n"
                + CAST.replace("O.order.item", "O.order.itme")
                    .replace("S.shipment.method\n", "Q.shipment.method\n"));

    CliRun run = knactor("check", "-f", spec.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.out())
        .isEqualTo(
            spec
                + ":17:19: error: S.shipment.item: unknown field 'itme' in O.order (Shop/v1/Orders/Order)\n"
                + spec
                + ":20:13: error: O.order.method: unknown alias 'Q' (inputs: O, S)\n"
                + spec
                + ": does not check (2 errors, 0 warnings)\n");
  }

  @Test
  void checkOnlineUsesTheServersSchemas() throws Exception {
    knactor("apply", "-f", file("registry.yaml", SCHEMAS + "---\n" + REGISTRY).toString());
    Path spec = file("shop.cast.yaml", CAST.replace("total > 100.0", "totl > 100.0"));

    CliRun run = knactor("check", "-f", spec.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.out()).contains(spec + ":9:22: error: S.shipment.method: unknown field 'totl'");
  }

  @Test
  void checkOfAMalformedSpecNamesTheLine() throws Exception {
    Path spec = file("broken.cast.yaml", "kind: Cast\nname: shop\ninput: [\n");

    CliRun run =
        knactor("check", "-f", spec.toString(), "--schemas", file("s.yaml", SCHEMAS).toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err()).contains(spec + ":4:1: error: malformed YAML");
  }

  @Test
  void graphWritesDotAndSvg() throws Exception {
    Path spec = file("shop.yaml", SCHEMAS + "---\n" + CAST);

    CliRun dot = knactor("graph", "-f", spec.toString());
    Path svg = dir.resolve("shop.svg");
    CliRun drawn = knactor("graph", "-f", spec.toString(), "--format", "svg", "-o", svg.toString());

    assertThat(dot.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(dot.out())
        .startsWith("digraph \"shop\" {")
        .contains("  \"O.order.total\" -> \"S.shipment.method\";\n");
    assertThat(drawn.out()).isEqualTo("wrote " + svg + "\n");
    assertThat(Files.readString(svg))
        .startsWith("<?xml")
        .contains(">O.order.total</text>")
        .endsWith("</svg>\n");
  }

  @Test
  void rolloutHistoryUndoAndGetCast() throws Exception {
    knactor(
        "apply",
        "-f",
        file("registry.yaml", SCHEMAS + "---\n" + REGISTRY + "---\n" + CAST).toString());
    knactor("apply", "-f", file("v2.yaml", CAST.replace("100.0", "10.0")).toString());

    CliRun history = knactor("rollout", "history", "shop");
    CliRun undo = knactor("rollout", "undo", "shop", "--to-revision", "1");
    CliRun after = knactor("rollout", "history", "shop");

    assertThat(history.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(history.out())
        .startsWith("REVISION  APPLIED")
        .contains("\n 1        ")
        .contains("\n*2        ");
    assertThat(undo.out())
        .isEqualTo("cast/shop rolled back: revision 3 (rollback to revision 1)\n");
    assertThat(after.out()).contains("*3").contains("rollback to revision 1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                knactor("get", "cast", "shop").out().contains("revision:  3\nphase:     running"));
    assertThat(knactor("get", "cast").out())
        .startsWith("NAME  REVISION  PHASE    POSITION  FAILURES\nshop  3         running");
    CliRun missing = knactor("rollout", "undo", "shop", "--to-revision", "7");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(missing.err())
        .startsWith(
            "Error from server (NotFound): revision 7 of cast 'shop' is not kept (kept: 1, 2, 3)");
  }

  @Test
  void deleteCastStopsItAndSaysSo() throws Exception {
    knactor(
        "apply",
        "-f",
        file("registry.yaml", SCHEMAS + "---\n" + REGISTRY + "---\n" + CAST).toString());

    CliRun deleted = knactor("delete", "cast", "shop");
    CliRun again = knactor("delete", "cast", "shop");
    CliRun extra = knactor("delete", "cast", "shop", "more");

    assertThat(deleted.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(deleted.out()).isEqualTo("cast/shop deleted; what it wrote stays\n");
    assertThat(knactor("get", "cast").out()).doesNotContain("shop");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(again.err()).startsWith("Error from server (NotFound): no cast 'shop'");
    assertThat(extra.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(extra.err()).contains("knactor delete cast NAME takes no other argument");
  }
}
