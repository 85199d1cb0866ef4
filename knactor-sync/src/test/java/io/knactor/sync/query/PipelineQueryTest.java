package io.knactor.sync.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import io.knactor.sync.Home;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineQueryTest {
  private static final StoreRef M = StoreRef.parse("SmartHome/v1/Motion/motion-1");

  @TempDir Path dir;
  private EmbeddedLogExchange logs;
  private LogStoreInfo store;

  @BeforeEach
  void open() {
    logs = EmbeddedLogExchange.open(dir.resolve("logs"));
    store = logs.createStore(LogStoreSpec.of(M, "Reading", 1));
    List<LogRecord> records = new ArrayList<>();
    String[] rooms = {"hall", "den", "hall", "den", "hall"};
    for (int i = 0; i < rooms.length; i++) {
      records.add(
          new LogRecord(
              rooms[i],
              Instant.ofEpochMilli(1_000L * i),
              Json.parseObject(
                  "{\"room\":\"" + rooms[i] + "\",\"triggered\":true,\"level\":0." + i + "}",
                  "r")));
    }
    logs.append(M, records);
  }

  @AfterEach
  void close() {
    logs.close();
  }

  private QueryResult run(String pipeline) {
    return PipelineQuery.compile(Home.checker(), store, pipeline)
        .run(logs, ScanRequest.of(M), PipelineQuery.DEFAULT_LIMIT);
  }

  @Test
  void compactFormFiltersAndRenames() {
    QueryResult result = run("filter: level >= 0.2 || room == 'x|y' | rename: {triggered: on}");
    assertThat(result.scanned()).isEqualTo(5);
    assertThat(result.rows())
        .extracting(row -> row.record().value().toString())
        .containsExactly(
            "{\"room\":\"hall\",\"on\":true,\"level\":0.2}",
            "{\"room\":\"den\",\"on\":true,\"level\":0.3}",
            "{\"room\":\"hall\",\"on\":true,\"level\":0.4}");
  }

  @Test
  void theLastWindowClosesAtTheEndOfTheScannedRecords() {
    // Windows close in state order: by end, then by group.
    QueryResult result =
        run(
            "[{aggregate: {by: room, window: {size: 2s}, compute: {n: count(), top: max(level)}}}]");
    assertThat(result.rows())
        .extracting(row -> row.record().key() + " " + row.record().value())
        .containsExactly(
            "den {\"room\":\"den\",\"n\":1,\"top\":0.1,\"windowStart\":0,\"windowEnd\":2000}",
            "hall {\"room\":\"hall\",\"n\":1,\"top\":0.0,\"windowStart\":0,\"windowEnd\":2000}",
            "den {\"room\":\"den\",\"n\":1,\"top\":0.3,\"windowStart\":2000,\"windowEnd\":4000}",
            "hall {\"room\":\"hall\",\"n\":1,\"top\":0.2,\"windowStart\":2000,\"windowEnd\":4000}",
            "hall {\"room\":\"hall\",\"n\":1,\"top\":0.4,\"windowStart\":4000,\"windowEnd\":6000}");
  }

  @Test
  void aBadStepIsNamedWithItsProblem() {
    assertThatThrownBy(() -> run("filter: level > 0.5 | rename: {colour: hue}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "pipeline does not check (1 error):\n"
                + "  pipeline:2:12: error: pipeline[1].rename: unknown field 'colour' (the records"
                + " here have room, triggered, level)")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("pipeline");
  }

  @Test
  void aSelectionLargerThanTheLimitIsRefused() {
    PipelineQuery query = PipelineQuery.compile(Home.checker(), store, "cut: room");
    assertThatThrownBy(() -> query.run(logs, ScanRequest.of(M), 4))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the query selects more than 4 records; narrow it with a time or offset range, or"
                + " raise limit (at most 100000)");
    assertThat(query.run(logs, ScanRequest.of(M), 5).rows()).hasSize(5);
  }

  @Test
  void aQueryRefusesToRepartition() {
    assertThatThrownBy(() -> run("repartition: {by: room} | cut: room"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "pipeline does not check (1 error):\n"
                + "  pipeline:1:3: error: pipeline[0].repartition: a query cannot repartition: it"
                + " runs its steps over each partition of the store apart and has no store to move"
                + " records through; run a Sync for results per group across partitions");
  }
}
