package io.knactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code knactor log query} in-process against a real server with an embedded log exchange. */
class LogQueryCliTest {
  private static final String ADMIN = "admin-token-for-cli-tests";
  private static final String STORE = "Home/v1/Motion/motion-a";

  @TempDir Path dir;
  private KnactorServer server;
  private Map<String, String> env;

  @BeforeEach
  void startServer() {
    server =
        KnactorServer.start(
            ServerConfig.builder().dataDir(dir.resolve("data")).port(0).adminToken(ADMIN).build());
    server
        .admin()
        .apply(
            """
            schema: Home/v1/Motion/Reading
            room: string
            triggered: boolean
            level: number
            """);
    env = Map.of("KNACTOR_SERVER", server.uri().toString(), "KNACTOR_TOKEN", ADMIN);
    knactor("log", "create", STORE, "Reading");
    reading("hall", "2026-01-02T03:00:10Z", true, 0.9);
    reading("den", "2026-01-02T03:00:20Z", false, 0.2);
    reading("hall", "2026-01-02T03:01:30Z", true, 0.7);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private CliRun knactor(String... args) {
    return CliRun.run(env, args);
  }

  private void reading(String room, String time, boolean triggered, double level) {
    String data =
        "{\"room\":\"" + room + "\",\"triggered\":" + triggered + ",\"level\":" + level + "}";
    knactor("log", "append", STORE, room, "--data", data, "--time", time);
  }

  @Test
  void filterAndRenamePrintOneLinePerResult() {
    CliRun run =
        knactor("log", "query", STORE, "filter: level > 0.5 | rename: {triggered: motion}");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .isEqualTo(
            "0 hall 2026-01-02T03:00:10Z {\"room\":\"hall\",\"motion\":true,\"level\":0.9}\n"
                + "0 hall 2026-01-02T03:01:30Z {\"room\":\"hall\",\"motion\":true,\"level\":0.7}\n"
                + "(2 results from 3 records scanned, 0 dropped)\n");
  }

  @Test
  void aWindowedAggregatePrintsJsonLinesWithTheLastWindowClosed() {
    CliRun run =
        knactor(
            "log",
            "query",
            STORE,
            "[{aggregate: {window: {size: 1m}, compute: {n: count(), peak: max(level)}}}]",
            "--to",
            "2026-01-02T03:05:00Z",
            "-o",
            "json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out().lines().map(line -> line.replaceAll(".*\"value\":", "")).toList())
        .containsExactly(
            "{\"n\":2,\"peak\":0.9,\"windowStart\":1767322800000,\"windowEnd\":1767322860000}}",
            "{\"n\":1,\"peak\":0.7,\"windowStart\":1767322860000,\"windowEnd\":1767322920000}}");
  }

  @Test
  void aBadPipelineAndAnUnknownStoreAreServerErrors() {
    CliRun bad = knactor("log", "query", STORE, "filter: level > 0.5 | sort: {by: level}");
    CliRun unknown = knactor("log", "query", "Home/v1/Lamp/lamp-a", "cut: room");

    assertThat(bad.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(bad.err()).contains("pipeline:2:9: error: pipeline[1].sort: missing 'window:'");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(unknown.err()).contains("no log store Home/v1/Lamp/lamp-a");
  }
}
