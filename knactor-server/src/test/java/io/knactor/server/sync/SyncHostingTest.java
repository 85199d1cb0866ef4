package io.knactor.server.sync;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RawHttp.Answer;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server hosting a Sync: applied over HTTP, run over the server's embedded log exchange,
 * replaced live by new revisions and rollbacks, scaled and reassigned, with derived grants.
 */
class SyncHostingTest {
  static final StoreRef MOTION = StoreRef.parse("Home/v1/Motion/motion-1");
  static final StoreRef HOUSE = StoreRef.parse("Home/v1/House/house-1");
  static final String SYNC_TOKEN = "token-of-the-home-sync-0123456789";
  static final String OTHER_TOKEN = "token-of-another-integrator-0123456";
  static final String REGISTRY =
      """
      schema: Home/v1/Motion/Reading
      room: string
      level: number
      ---
      schema: Home/v1/House/Motion
      room: string
      level: number
      rev: string
      ---
      schema: Home/v1/House/State
      owner: string
      room: string # +kr: external
      level: number # +kr: external
      ---
      schema: Home/v1/Lamp/Energy
      room: string
      level: number
      ---
      schema: Home/v1/Lamp/Power
      room: string
      level: number
      ---
      kind: Principal
      name: lamp
      role: knactor
      ---
      kind: Knactor
      name: Home/v1/Lamp/lamp-1
      principal: lamp
      ---
      kind: Knactor
      name: Home/v1/Lamp/lamp-2
      principal: lamp
      ---
      kind: Principal
      name: motion
      role: knactor
      ---
      kind: Principal
      name: house
      role: knactor
      ---
      kind: Principal
      name: other
      role: integrator
      token: %s
      ---
      kind: Knactor
      name: Home/v1/Motion/motion-1
      principal: motion
      ---
      kind: Knactor
      name: Home/v1/House/house-1
      principal: house
      """
          .formatted(OTHER_TOKEN);

  @TempDir Path dir;
  KnactorServer server;
  LogExchange logs;
  RawHttp http;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    server.admin().apply(REGISTRY);
    logs = server.logs().orElseThrow();
    logs.createStore(LogStoreSpec.of(MOTION, "Reading", 4));
    logs.createStore(LogStoreSpec.of(HOUSE, "Motion", 1));
    logs.createStore(LogStoreSpec.of(StoreRef.parse("Home/v1/Lamp/lamp-1"), "Energy", 1));
    http = new RawHttp(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String sync(String rev) {
    return """
        kind: Sync
        name: home
        revisionHistoryLimit: 3
        input:
          M: Home/v1/Motion/motion-1
          H: Home/v1/House/house-1
        flows:
          motion:
            from: M.reading
            pipeline:
              - put: {rev: "'%s'"}
            to: H.motion
        """
        .formatted(rev);
  }

  Answer apply(String yaml) {
    return http.send("POST", "/api/v1/apply", ADMIN_TOKEN, yaml, "application/yaml");
  }

  void append(int from, int to) {
    List<LogRecord> records = new ArrayList<>();
    for (int n = from; n < to; n++) {
      records.add(
          LogRecord.of(
              "r-" + n, Json.object().put("room", "room-" + (n % 7)).put("level", (double) n)));
    }
    logs.append(MOTION, records);
  }

  /** Appends records 0 to {@code 10 * batches}, ten at a time, on another thread. */
  CompletableFuture<Void> appendInBackground(int batches) {
    return CompletableFuture.runAsync(
        () -> {
          for (int batch = 0; batch < batches; batch++) {
            append(batch * 10, batch * 10 + 10);
          }
        });
  }

  List<StoredRecord> outputs() {
    return logs.read(HOUSE, 0, 0, 100_000);
  }

  List<String> outputKeys() {
    return outputs().stream().map(StoredRecord::key).sorted().toList();
  }

  static List<String> keys(int from, int to) {
    return IntStream.range(from, to).mapToObj(n -> "r-" + n).sorted().toList();
  }

  void awaitOutputs(int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> outputs().size() >= count);
  }

  JsonNode status() {
    return http.get("/api/v1/syncs/home", ADMIN_TOKEN).json();
  }

  @Test
  void appliedSyncRunsOverTheServersLogs() {
    Answer applied = apply(sync("v1"));
    append(0, 20);
    awaitOutputs(20);

    assertThat(applied.status()).isEqualTo(200);
    assertThat(applied.json().get("items").toString())
        .isEqualTo(
            "[{\"kind\":\"Sync\",\"name\":\"home\",\"action\":\"created\"},"
                + "{\"kind\":\"Principal\",\"name\":\"home\",\"action\":\"created\"}]");
    assertThat(outputKeys()).isEqualTo(keys(0, 20));
    StoredRecord first =
        outputs().stream().filter(r -> r.key().equals("r-3")).findFirst().orElseThrow();
    assertThat(first.value().toString())
        .isEqualTo("{\"room\":\"room-3\",\"level\":3.0,\"rev\":\"v1\"}");
    await()
        .untilAsserted(
            () -> assertThat(status().at("/partitions").findValuesAsText("lag")).containsOnly("0"));
    JsonNode status = status();
    assertThat(status.get("revision").asLong()).isEqualTo(1);
    assertThat(status.get("runningRevision").asLong()).isEqualTo(1);
    assertThat(status.get("phase").asText()).isEqualTo("running");
    assertThat(status.get("parallelism").asInt()).isEqualTo(1);
    assertThat(status.get("partitions")).hasSize(4);
    assertThat(status.at("/partitions").findValuesAsText("owner")).containsOnly("0");
    long committed = 0;
    for (JsonNode p : status.get("partitions")) {
      committed += p.get("committedOffset").asLong();
      assertThat(p.get("records").asLong()).isEqualTo(p.get("committedOffset").asLong());
    }
    assertThat(committed).isEqualTo(20);
    assertThat(http.get("/api/v1/syncs", ADMIN_TOKEN).json().at("/items/0/name").asText())
        .isEqualTo("home");
  }

  @Test
  void deletedSyncStopsAndResumesFromItsCommittedOffsetsWhenAppliedAgain() {
    apply(sync("v1"));
    append(0, 20);
    awaitOutputs(20);
    await()
        .untilAsserted(
            () -> assertThat(status().at("/partitions").findValuesAsText("lag")).containsOnly("0"));

    Answer deleted = http.send("DELETE", "/api/v1/syncs/home", ADMIN_TOKEN, null, null);
    append(20, 30);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("message").asText())
        .isEqualTo("sync 'home' deleted; what it wrote stays");
    assertThat(http.get("/api/v1/syncs/home", ADMIN_TOKEN).status()).isEqualTo(404);
    assertThat(server.admin().syncs()).isEmpty();
    apply(sync("v2"));
    awaitOutputs(30);
    assertThat(outputKeys()).isEqualTo(keys(0, 30));
    assertThat(outputs().stream().filter(r -> r.value().get("rev").asText().equals("v2")))
        .extracting(StoredRecord::key)
        .containsExactlyInAnyOrderElementsOf(keys(20, 30));
    assertThat(status().get("revision").asLong()).isEqualTo(1);
  }

  @Test
  void badRevisionIsRefusedWithEveryProblemWhileTheRunningOneKeepsRunning() {
    apply(sync("v1"));
    String bad =
        """
        kind: Sync
        name: home
        input:
          M: Home/v1/Motion/motion-1
          H: Home/v1/House/house-1
          L: Home/v1/Lamp/lamp-1
          N: Home/v1/Lamp/lamp-2
          X: Home/v1/Other/other-1
        flows:
          motion:
            from: M.reading
            pipeline:
              - filter: lvl > 1.0
            to: L.power
          copy:
            from: M.reading
            to: N.energy
        """;

    Answer refused = apply(bad);
    append(0, 10);
    awaitOutputs(10);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("message").asText())
        .isEqualTo(
            """
            apply refused, nothing was stored:
              document 1:8:3: error: input.X: no schemas are known for store \
            Home/v1/Other/other-1; register its schemas first
              document 1:8:3: error: input.X: unknown store 'Home/v1/Other/other-1': no knactor \
            is registered for it
              document 1:13:17: error: flows.motion.pipeline[0].filter: type error: undeclared \
            reference to 'lvl' (in container '')
              document 1:14:9: error: flows.motion.to: log store Home/v1/Lamp/lamp-1 holds records \
            of kind Energy, not Power (L.power)
              document 1:17:9: error: flows.copy.to: store Home/v1/Lamp/lamp-2 has no log store on \
            this server (PUT /api/v1/stores/Home/v1/Lamp/lamp-2/logs creates one)""");
    assertThat(status().get("revision").asLong()).isEqualTo(1);
    assertThat(outputs()).extracting(r -> r.value().get("rev").asText()).containsOnly("v1");
    assertThat(outputKeys()).isEqualTo(keys(0, 10));
  }

  @Test
  void newRevisionReplacesTheRunningOneLiveWithNoRecordLostOrRepeated() throws Exception {
    apply(sync("v1"));
    CompletableFuture<Void> writer = appendInBackground(30);
    await().until(() -> outputs().size() >= 50);
    Answer replaced = apply(sync("v2"));
    writer.get(60, TimeUnit.SECONDS);
    append(300, 310);
    awaitOutputs(310);

    assertThat(replaced.json().at("/items/0/action").asText()).isEqualTo("configured");
    assertThat(outputKeys()).isEqualTo(keys(0, 310));
    List<String> revs = outputs().stream().map(r -> r.value().get("rev").asText()).toList();
    int firstV2 = revs.indexOf("v2");
    assertThat(firstV2).isGreaterThanOrEqualTo(50);
    assertThat(revs.subList(firstV2, revs.size())).containsOnly("v2");
    assertThat(status().get("runningRevision").asLong()).isEqualTo(2);
  }

  @Test
  void rollbackRunsAKeptRevisionAgainAsANewRevision() {
    apply(sync("v1"));
    apply(sync("v2"));
    append(0, 5);
    awaitOutputs(5);

    Answer rolled = http.post("/api/v1/syncs/home/rollback", ADMIN_TOKEN, "");
    append(5, 10);
    awaitOutputs(10);
    apply(sync("v4"));
    Answer history = http.get("/api/v1/syncs/home/revisions", ADMIN_TOKEN);
    Answer notKept = http.post("/api/v1/syncs/home/rollback?toRevision=1", ADMIN_TOKEN, "");

    assertThat(rolled.status()).isEqualTo(200);
    assertThat(rolled.json().get("current").asLong()).isEqualTo(3);
    assertThat(rolled.json().at("/revisions/2/cause").asText()).isEqualTo("rollback to revision 1");
    assertThat(outputKeys()).isEqualTo(keys(0, 10));
    assertThat(outputs())
        .extracting(r -> r.value().get("rev").asText())
        .containsExactly("v2", "v2", "v2", "v2", "v2", "v1", "v1", "v1", "v1", "v1");
    assertThat(history.json().get("revisions").findValuesAsText("revision"))
        .containsExactly("2", "3", "4");
    assertThat(notKept.status()).isEqualTo(404);
    assertThat(notKept.json().get("message").asText())
        .isEqualTo("revision 1 of sync 'home' is not kept (kept: 2, 3, 4)");
  }

  @Test
  void scaleAndAssignMovePartitionsLiveWithExactOutput() throws Exception {
    apply(sync("v1"));
    CompletableFuture<Void> writer = appendInBackground(40);
    await().until(() -> outputs().size() >= 20);

    Answer up = http.post("/api/v1/syncs/home/scale", ADMIN_TOKEN, "{\"parallelism\":3}");
    Answer moved =
        http.post("/api/v1/syncs/home/assign", ADMIN_TOKEN, "{\"partition\":0,\"instance\":2}");
    Answer down = http.post("/api/v1/syncs/home/scale", ADMIN_TOKEN, "{\"parallelism\":1}");
    writer.get(60, TimeUnit.SECONDS);
    awaitOutputs(400);
    Answer tooMany = http.post("/api/v1/syncs/home/scale", ADMIN_TOKEN, "{\"parallelism\":5}");

    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json().get("parallelism").asInt()).isEqualTo(3);
    assertThat(up.json().at("/partitions").findValuesAsText("owner"))
        .containsExactly("0", "1", "2", "0");
    assertThat(moved.json().get("moved").asBoolean()).isTrue();
    assertThat(moved.json().get("from").asInt()).isEqualTo(0);
    assertThat(moved.json().at("/status/partitions/0/owner").asInt()).isEqualTo(2);
    assertThat(down.json().at("/partitions").findValuesAsText("owner")).containsOnly("0");
    assertThat(outputKeys()).isEqualTo(keys(0, 400));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("message").asText())
        .isEqualTo("parallelism must be between 1 and 4 (the partitions of sync 'home'), got 5");
    assertThat(status().get("parallelism").asInt()).isEqualTo(1);
  }

  @Test
  void theSyncsPrincipalHoldsExactlyTheGrantsItsSpecNeeds() {
    apply(sync("v1"));
    server.admin().apply("kind: Principal\nname: home\nrole: integrator\ntoken: " + SYNC_TOKEN);
    String motionLogs = "/api/v1/stores/Home/v1/Motion/motion-1/logs/records";
    String houseLogs = "/api/v1/stores/Home/v1/House/house-1/logs/records";
    String record = "{\"records\":[{\"key\":\"k\",\"value\":{\"room\":\"den\",\"level\":1}}]}";

    Answer readsSource = http.get(motionLogs, SYNC_TOKEN);
    Answer writesSource = http.post(motionLogs, SYNC_TOKEN, record);
    Answer writesSink = http.post(houseLogs, SYNC_TOKEN, record);
    Answer otherReads = http.get(houseLogs, OTHER_TOKEN);
    Answer otherScales = http.post("/api/v1/syncs/home/scale", OTHER_TOKEN, "{\"parallelism\":2}");
    Answer knactorRollsBack =
        http.send("POST", "/api/v1/syncs/home/rollback", null, "", "application/json");

    assertThat(readsSource.status()).isEqualTo(200);
    assertThat(writesSource.status()).isEqualTo(403);
    assertThat(writesSink.status()).isEqualTo(200);
    assertThat(otherReads.status()).isEqualTo(403);
    assertThat(otherScales.status()).isEqualTo(403);
    assertThat(otherScales.json().get("message").asText())
        .isEqualTo("principal 'other' (integrator) may not scale a sync: it needs the role admin");
    assertThat(knactorRollsBack.status()).isEqualTo(401);
    assertThat(
            server.admin().grants().stream()
                .filter(g -> g.principal().equals("home"))
                .map(g -> g.store() + " " + g.kind() + " " + g.verbs() + " " + g.fields())
                .toList())
        .containsExactly(
            "Home/v1/House/house-1 Motion [write] [*]",
            "Home/v1/Motion/motion-1 Reading [read] [*]");
  }

  @Test
  void foldsGoThroughTheSyncsPrincipalWithGrantsLimitedToTheFoldedFields() {
    String folding =
        sync("v1")
            + """
              state:
                from: M.reading
                fold: {into: H.state, object: main}
            """;
    apply(folding);
    append(0, 1);
    awaitOutputs(1);
    String object = "/api/v1/stores/Home/v1/House/house-1/objects/State/main";
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.get(object, ADMIN_TOKEN).status() == 200);

    JsonNode folded = http.get(object, ADMIN_TOKEN).json();
    assertThat(folded.get("data").toString()).isEqualTo("{\"room\":\"room-0\",\"level\":0.0}");
    assertThat(http.get(object + "/history", ADMIN_TOKEN).json().findValuesAsText("principal"))
        .containsOnly("home");
    assertThat(folded.at("/metadata/labels").toString())
        .matches("\\{\"sync\\.home\\.0\\.[0-3]\":\"1\"}");
    assertThat(
            server.admin().grants().stream()
                .filter(g -> g.principal().equals("home") && g.kind().equals("State"))
                .map(g -> g.verbs() + " " + g.fields())
                .toList())
        .containsExactly("[read, write] [room, level, metadata.labels]");
  }

  @Test
  void aRestartedServerResumesEverySyncWithItsParallelism() {
    apply(sync("v1"));
    http.post("/api/v1/syncs/home/scale", ADMIN_TOKEN, "{\"parallelism\":2}");
    append(0, 10);
    awaitOutputs(10);
    server.close();

    server = TestServers.start(dir);
    logs = server.logs().orElseThrow();
    http = new RawHttp(server.uri());
    append(10, 20);
    awaitOutputs(20);

    assertThat(outputKeys()).isEqualTo(keys(0, 20));
    assertThat(status().get("parallelism").asInt()).isEqualTo(2);
    assertThat(status().at("/partitions").findValuesAsText("owner"))
        .containsExactly("0", "1", "0", "1");
  }

  @Test
  void aSyncWithARepartitionStepRunsThroughItsInternalStore() {
    Answer applied =
        apply(
            sync("v1").replace("      - put:", "      - repartition: {by: [room]}\n      - put:"));
    append(0, 20);
    awaitOutputs(20);

    assertThat(applied.status()).isEqualTo(200);
    assertThat(outputs().stream().map(StoredRecord::key).distinct().sorted())
        .containsExactlyElementsOf(
            IntStream.range(0, 7).mapToObj(n -> "[\"room-" + n + "\"]").toList());
    assertThat(outputs().stream().map(r -> r.value().get("level").asInt()).sorted())
        .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    assertThat(status().get("partitions").size())
        .as("the source's 4 partitions and the internal store's 4")
        .isEqualTo(8);
  }
}
