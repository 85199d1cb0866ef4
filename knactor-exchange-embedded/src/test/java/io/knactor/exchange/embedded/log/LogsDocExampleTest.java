package io.knactor.exchange.embedded.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchanges;
import io.knactor.core.log.LogQuery;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.LogTransaction;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.log.Retention;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StoredRecord;
import io.knactor.core.model.StoreRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/logs.md, as written there (only the directory differs). */
class LogsDocExampleTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExampleRuns() throws Exception {
    try (LogExchange logs = LogExchanges.open(URI.create("embedded:" + dir.resolve("logs")))) {
      StoreRef motion = StoreRef.parse("Home/v1/Motion/motion-a");
      StoreRef house = StoreRef.parse("Home/v1/House/house-a");
      logs.createStore(
          LogStoreSpec.of(motion, "Reading", 4)
              .withRetention(
                  Retention.forever()
                      .withMaxAge(Duration.ofDays(7))
                      .withConsumedBy(Set.of("sync.house-motion"))));
      logs.createStore(LogStoreSpec.of(house, "Motion", 2));

      logs.append(
          motion, List.of(LogRecord.of("living-room", Json.object().put("triggered", true))));

      List<PartitionClaim> claims = logs.claim("sync.house-motion", motion, Set.of(0, 1, 2, 3));
      Map<Integer, Long> next = new HashMap<>();
      claims.forEach(
          c ->
              next.put(
                  c.partition(),
                  c.resumeOffset(logs.describe(motion).partition(c.partition()).startOffset())));
      List<StoredRecord> batch = logs.poll(motion, next, 100, Duration.ofSeconds(1));
      LogTransaction tx = logs.transaction();
      for (StoredRecord r : batch) {
        tx.append(
            house,
            List.of(
                LogRecord.of(
                    r.key(), Json.object().put("motion", r.value().get("triggered").asBoolean()))));
        next.put(r.partition(), r.offset() + 1);
      }
      tx.putState("sync.house-motion", "seen", Json.object().put("n", batch.size()));
      for (PartitionClaim c : claims) {
        tx.commitOffset(c, next.get(c.partition()));
      }
      tx.commit();

      SortedMap<String, Double> perKey =
          LogQuery.over(logs, ScanRequest.of(house).where(r -> r.value().get("motion").asBoolean()))
              .aggregate(LogQuery.Aggregate.COUNT, null, null);

      assertThat(batch).hasSize(1);
      assertThat(perKey).isEqualTo(Map.of("", 1.0));
      assertThat(logs.readState("sync.house-motion", "seen")).contains(Json.object().put("n", 1));
      assertThat(logs.committedOffsets("sync.house-motion", motion).values())
          .containsExactlyInAnyOrder(0L, 0L, 0L, 1L);
      assertThat(logs.applyRetention(motion).partitions())
          .allSatisfy(p -> assertThat(p.records()).isZero());
    }
  }
}
