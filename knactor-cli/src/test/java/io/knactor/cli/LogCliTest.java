package io.knactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.log.LogPartitioner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code knactor log create|append|read|tail|query} in-process against a real server. */
class LogCliTest extends ServerCliTest {
  private static final String STORE = "Home/v1/Motion/motion-a";

  @Test
  void createAppendAndReadRecords() {
    CliRun created = knactor("log", "create", STORE, "Reading", "--partitions", "2");
    CliRun first =
        knactor(
            "log",
            "append",
            STORE,
            "room-1",
            "--data",
            "{\"n\": 1}",
            "--time",
            "2026-01-02T03:04:05Z");
    CliRun second = knactor("log", "append", STORE, "room-1", "--data", "{\"n\": 2}");
    CliRun read = knactor("log", "read", STORE);

    assertThat(created.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(created.out()).contains("\"partitions\" : 2");
    int partition = LogPartitioner.partition("room-1", 2);
    assertThat(first.out()).isEqualTo("appended to partition " + partition + " at offset 0\n");
    assertThat(second.out()).isEqualTo("appended to partition " + partition + " at offset 1\n");
    assertThat(read.out().lines().toList())
        .hasSize(2)
        .first()
        .isEqualTo(partition + ":0 room-1 2026-01-02T03:04:05Z {\"n\":1}");
    assertThat(read.out().lines().toList().get(1))
        .startsWith(partition + ":1 room-1 ")
        .endsWith(" {\"n\":2}");
  }

  @Test
  void tailPrintsRecordsAsTheyArrive() throws Exception {
    knactor("log", "create", STORE, "Reading", "--partitions", "2");
    knactor("log", "append", STORE, "a", "--data", "{\"n\": 1}");

    CompletableFuture<CliRun> tail =
        CompletableFuture.supplyAsync(
            () -> knactor("log", "tail", STORE, "--beginning", "--max-records", "2", "-o", "json"));
    knactor("log", "append", STORE, "b", "--data", "{\"n\": 2}");

    CliRun run = tail.get(60, TimeUnit.SECONDS);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out().lines().map(line -> line.replaceAll(".*\"value\":", "")).toList())
        .containsExactlyInAnyOrder("{\"n\":1}}", "{\"n\":2}}");
  }

  @Test
  void badRecordsAndUnknownStoresAreServerErrors() {
    knactor("log", "create", STORE, "Reading");

    CliRun noKey = knactor("log", "append", STORE, "", "--data", "{}");
    CliRun unknown = knactor("log", "read", "Home/v1/Lamp/lamp-a");
    CliRun badFrom = knactor("log", "tail", STORE, "--beginning", "--from", "0:0");

    assertThat(noKey.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(noKey.err()).contains("records[0].key: a key is required");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(unknown.err()).contains("no log store Home/v1/Lamp/lamp-a");
    assertThat(badFrom.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private void reading(String room, String time, boolean triggered, double level) {
    String data =
        "{\"room\":\"" + room + "\",\"triggered\":" + triggered + ",\"level\":" + level + "}";
    knactor("log", "append", STORE, room, "--data", data, "--time", time);
  }

  /** A schema for the store's readings (a query is checked against it) and three readings. */
  private void seedReadings() {
    server
        .admin()
        .apply(
            """
            schema: Home/v1/Motion/Reading
            room: string
            triggered: boolean
            level: number
            """);
    knactor("log", "create", STORE, "Reading");
    reading("hall", "2026-01-02T03:00:10Z", true, 0.9);
    reading("den", "2026-01-02T03:00:20Z", false, 0.2);
    reading("hall", "2026-01-02T03:01:30Z", true, 0.7);
  }

  @Test
  void queryFilterAndRenamePrintOneLinePerResult() {
    seedReadings();
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
  void queryWithAWindowedAggregatePrintsJsonLinesWithTheLastWindowClosed() {
    seedReadings();
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
  void aBadQueryPipelineAndAnUnknownStoreAreServerErrors() {
    seedReadings();
    CliRun bad = knactor("log", "query", STORE, "filter: level > 0.5 | sort: {by: level}");
    CliRun unknown = knactor("log", "query", "Home/v1/Lamp/lamp-a", "cut: room");

    assertThat(bad.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(bad.err()).contains("pipeline:2:9: error: pipeline[1].sort: missing 'window:'");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(unknown.err()).contains("no log store Home/v1/Lamp/lamp-a");
  }
}
