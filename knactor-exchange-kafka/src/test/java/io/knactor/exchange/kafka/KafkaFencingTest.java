package io.knactor.exchange.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ConflictException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.PartitionClaim;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.kafka.internal.KafkaClients;
import io.knactor.exchange.kafka.internal.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Two exchange instances on one namespace stand for two processes: the claims and offsets of one
 * are the other's, and a claim by one fences the other's older claim.
 */
class KafkaFencingTest {
  private static final StoreRef MOTION = StoreRef.parse("Home/v1/Motion/motion-a");
  private static final StoreRef HOUSE = StoreRef.parse("Home/v1/House/house-a");

  @Test
  void aClaimInAnotherInstanceFencesTheZombieAndTakesOverItsOffsets() {
    KafkaLogOptions options =
        KafkaLogOptions.of(KafkaBroker.shared().bootstrapServers())
            .withNamespace("fencing-" + ProcessHandle.current().pid());
    try (KafkaLogExchange first = KafkaLogExchange.open(options);
        KafkaLogExchange second = KafkaLogExchange.open(options)) {
      first.createStore(LogStoreSpec.of(MOTION, "Reading", 1));
      first.createStore(LogStoreSpec.of(HOUSE, "Event", 1));
      first.append(MOTION, List.of(LogRecord.of("m", Json.object().put("n", 0))));
      first.append(MOTION, List.of(LogRecord.of("m", Json.object().put("n", 1))));
      PartitionClaim zombie = first.claim("sync", MOTION, Set.of(0)).get(0);
      first.transaction().commitOffset(zombie, 1).commit();

      PartitionClaim owner = second.claim("sync", MOTION, Set.of(0)).get(0);

      assertThat(owner.epoch()).isGreaterThan(zombie.epoch());
      assertThat(owner.committedOffset()).hasValue(1);
      assertThatThrownBy(
              () ->
                  first
                      .transaction()
                      .append(HOUSE, List.of(LogRecord.of("room", Json.object())))
                      .commitOffset(zombie, 2)
                      .commit())
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("fenced");
      second
          .transaction()
          .append(HOUSE, List.of(LogRecord.of("room", Json.object().put("by", "owner"))))
          .commitOffset(owner, 2)
          .commit();
      assertThat(first.committedOffsets("sync", MOTION)).isEqualTo(Map.of(0, 2L));
      assertThat(first.read(HOUSE, 0, 0, 10))
          .singleElement()
          .satisfies(r -> assertThat(r.value().get("by").asText()).isEqualTo("owner"));
    }
  }

  @Test
  void aZombieWhoseProducerWasFencedCommitsNothingEvenBeforeTheNewClaimIsRecorded() {
    KafkaLogOptions options =
        KafkaLogOptions.of(KafkaBroker.shared().bootstrapServers())
            .withNamespace("broker-fencing-" + ProcessHandle.current().pid());
    try (KafkaLogExchange zombie = KafkaLogExchange.open(options)) {
      zombie.createStore(LogStoreSpec.of(MOTION, "Reading", 1));
      zombie.createStore(LogStoreSpec.of(HOUSE, "Event", 1));
      zombie.append(MOTION, List.of(LogRecord.of("m", Json.object().put("n", 0))));
      PartitionClaim claim = zombie.claim("sync", MOTION, Set.of(0)).get(0);
      // The first step of a new owner's claim, whose claim record is not written yet: the epoch
      // check still passes, so only Kafka's producer fencing can stop the zombie.
      String id = new TopicNames(options.namespace()).claimTransactionalId("sync", MOTION, 0);
      try (KafkaProducer<byte[], byte[]> owner =
          new KafkaClients(options.bootstrapServers()).producer(id)) {
        owner.initTransactions();

        assertThatThrownBy(
                () ->
                    zombie
                        .transaction()
                        .append(HOUSE, List.of(LogRecord.of("room", Json.object())))
                        .commitOffset(claim, 1)
                        .commit())
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("fenced");
      }
      assertThat(zombie.describe(HOUSE).partition(0).endOffset()).isZero();
      assertThat(zombie.committedOffsets("sync", MOTION)).isEmpty();
    }
  }
}
