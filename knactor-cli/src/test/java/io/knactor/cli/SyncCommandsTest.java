package io.knactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** apply, get sync, sync scale/assign and rollout for syncs, in-process against a real server. */
class SyncCommandsTest extends ServerCliTest {
  private static final StoreRef TEXT = StoreRef.parse("Words/v1/Text/text-1");
  private static final StoreRef COUNTS = StoreRef.parse("Words/v1/Counts/counts-1");
  private static final String REGISTRY =
      """
      schema: Words/v1/Text/Line
      text: string
      ---
      schema: Words/v1/Counts/Line
      text: string
      size: integer
      ---
      kind: Principal
      name: text
      role: knactor
      ---
      kind: Knactor
      name: Words/v1/Text/text-1
      principal: text
      ---
      kind: Principal
      name: counts
      role: knactor
      ---
      kind: Knactor
      name: Words/v1/Counts/counts-1
      principal: counts
      """;
  private static final String SYNC =
      """
      kind: Sync
      name: sizes
      input:
        T: Words/v1/Text/text-1
        C: Words/v1/Counts/counts-1
      flows:
        sized:
          from: T.line
          pipeline:
            - put: {size: size(text)}
          to: C.line
      """;

  private LogExchange logs;

  @BeforeEach
  void createLogStores() {
    server.admin().apply(REGISTRY);
    logs = server.logs().orElseThrow();
    logs.createStore(LogStoreSpec.of(TEXT, "Line", 3));
    logs.createStore(LogStoreSpec.of(COUNTS, "Line", 1));
  }

  private void append(String... texts) {
    List<LogRecord> records = new ArrayList<>();
    for (String text : texts) {
      records.add(LogRecord.of(text, Json.object().put("text", text)));
    }
    logs.append(TEXT, records);
  }

  @Test
  void applyGetScaleAndAssignASync() throws Exception {
    CliRun applied = knactor("apply", "-f", file("sizes.yaml", SYNC).toString());
    CliRun scaled = knactor("sync", "scale", "sizes", "--parallelism", "3");
    CliRun assigned =
        knactor("sync", "assign", "sizes", "--partition", "2", "--instance", "0", "-o", "json");
    append("ab", "abc", "a");
    await().atMost(Duration.ofSeconds(30)).until(() -> logs.read(COUNTS, 0, 0, 10).size() == 3);
    CliRun list = knactor("get", "sync");
    CliRun one = knactor("get", "sync", "sizes");

    assertThat(applied.out()).isEqualTo("sync/sizes created\nprincipal/sizes created\n");
    assertThat(scaled.out())
        .isEqualTo(
            """
            sync/sizes scaled to 3
            sync/sizes
            revision:    1
            phase:       running
            parallelism: 3
            partitions:
            STORE                 KIND  PARTITION  OWNER  OFFSET  END  LAG  RECORDS
            Words/v1/Text/text-1  Line  0          0      0       0    0    0
            Words/v1/Text/text-1  Line  1          1      0       0    0    0
            Words/v1/Text/text-1  Line  2          2      0       0    0    0
            """);
    assertThat(
            Json.parseObject(assigned.out().getBytes(), "out")
                .at("/status/partitions/2/owner")
                .asInt())
        .isZero();
    assertThat(logs.read(COUNTS, 0, 0, 10))
        .extracting(r -> r.value().toString())
        .containsExactlyInAnyOrder(
            "{\"text\":\"ab\",\"size\":2}",
            "{\"text\":\"abc\",\"size\":3}",
            "{\"text\":\"a\",\"size\":1}");
    assertThat(list.out())
        .isEqualTo(
            """
            NAME   REVISION  PHASE    PARALLELISM  LAG
            sizes  1         running  3            0
            """);
    assertThat(one.out()).contains("parallelism: 3\n").contains("Words/v1/Text/text-1  Line  2   ");
  }

  @Test
  void rolloutHistoryAndUndoOfASync() throws Exception {
    knactor("apply", "-f", file("v1.yaml", SYNC).toString());
    knactor(
        "apply", "-f", file("v2.yaml", SYNC.replace("size(text)", "size(text) * 2")).toString());

    CliRun history = knactor("rollout", "history", "sync/sizes");
    CliRun undo = knactor("rollout", "undo", "sync/sizes");
    append("abcd");
    await().atMost(Duration.ofSeconds(30)).until(() -> logs.read(COUNTS, 0, 0, 10).size() == 1);
    CliRun wrongKind = knactor("rollout", "history", "lamp/sizes");

    assertThat(history.out())
        .startsWith("REVISION  APPLIED")
        .contains("\n 1   ")
        .contains("\n*2   ");
    assertThat(undo.out())
        .isEqualTo("sync/sizes rolled back: revision 3 (rollback to revision 1)\n");
    assertThat(logs.read(COUNTS, 0, 0, 10).get(0).value().toString())
        .isEqualTo("{\"text\":\"abcd\",\"size\":4}");
    assertThat(wrongKind.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrongKind.err())
        .startsWith("error: unknown kind 'lamp' in 'lamp/sizes': name cast/NAME or sync/NAME\n");
  }

  @Test
  void aBadSyncIsRefusedWithEveryProblemAndScaleOutOfRangeNamesTheRange() throws Exception {
    knactor("apply", "-f", file("v1.yaml", SYNC).toString());

    CliRun bad =
        knactor(
            "apply",
            "-f",
            file("bad.yaml", SYNC.replace("size(text)", "size(txt)").replace("C.line", "C.lines"))
                .toString());
    CliRun tooMany = knactor("sync", "scale", "sizes", "--parallelism", "4");

    assertThat(bad.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(bad.err())
        .isEqualTo(
            """
            Error from server (Invalid): apply refused, nothing was stored:
              document 1:10:26: error: flows.sized.pipeline[0].put.size: type error: undeclared \
            reference to 'txt' (in container '')
              document 1:11:9: error: flows.sized.to: unknown kind 'lines' in C (store \
            Words/v1/Counts/counts-1 has Line)
            """);
    assertThat(knactor("get", "sync", "sizes").out()).contains("revision:    1\n");
    assertThat(tooMany.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(tooMany.err())
        .startsWith(
            "Error from server (BadRequest): parallelism must be between 1 and 3 (the partitions"
                + " of sync 'sizes'), got 4");
  }
}
