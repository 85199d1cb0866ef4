package io.knactor.exchange.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.log.GroupMembership;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.log.RecordingGroupListener;
import io.knactor.core.model.StoreRef;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Two exchange instances on one namespace stand for two processes joining one subscriber's group:
 * Kafka's coordinator splits the partitions between them, and hands the leaver's to the other.
 */
class KafkaGroupTest {
  private static final StoreRef MOTION = StoreRef.parse("Home/v1/Motion/motion-a");
  private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);

  @Test
  void membersSplitThePartitionsAndTheLastOneTakesOverWhatTheOtherLeaves() {
    KafkaLogOptions options =
        KafkaLogOptions.of(KafkaBroker.shared().bootstrapServers())
            .withNamespace("group-" + ProcessHandle.current().pid());
    try (KafkaLogExchange first = KafkaLogExchange.open(options);
        KafkaLogExchange second = KafkaLogExchange.open(options)) {
      first.createStore(LogStoreSpec.of(MOTION, "Reading", 4));
      RecordingGroupListener one = new RecordingGroupListener();
      RecordingGroupListener two = new RecordingGroupListener();
      GroupMembership firstMember = first.join("sync.test", Set.of(MOTION), one);
      await().atMost(Duration.ofSeconds(60)).until(() -> one.owned(MOTION).equals(ALL));

      GroupMembership secondMember = second.join("sync.test", Set.of(MOTION), two);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> one.owned(MOTION).size() == 2 && two.owned(MOTION).size() == 2);
      Set<Integer> both = new TreeSet<>(one.owned(MOTION));
      both.addAll(two.owned(MOTION));
      assertThat(both).isEqualTo(ALL);

      firstMember.close();
      assertThat(one.owned()).isEmpty();
      await().atMost(Duration.ofSeconds(60)).until(() -> two.owned(MOTION).equals(ALL));
      secondMember.close();
      assertThat(two.owned()).isEmpty();
    }
  }
}
