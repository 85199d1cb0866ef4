package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.model.StoreRef;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Subscriptions: claims and their fencing, committed offsets, keyed state, transactions. */
public abstract class LogTransactionConformance extends LogAppendConformance {

  @Test
  void eachClaimRaisesThePartitionsEpoch() {
    List<PartitionClaim> first = ex.claim(SUBSCRIBER, MOTION, Set.of(2, 0));
    List<PartitionClaim> second = ex.claim(SUBSCRIBER, MOTION, Set.of(0));

    assertThat(first).extracting(PartitionClaim::partition).containsExactly(0, 2);
    assertThat(first)
        .allSatisfy(
            c -> {
              assertThat(c.subscriber()).isEqualTo(SUBSCRIBER);
              assertThat(c.store()).isEqualTo(MOTION);
              assertThat(c.committedOffset()).isEmpty();
            });
    assertThat(second.get(0).epoch()).isGreaterThan(first.get(0).epoch());
  }

  @Test
  void subscriberResumesFromItsCommittedOffset() {
    String key = keyIn(1, 4);
    ex.append(MOTION, numbered(key, 0, 5));
    PartitionClaim claim = claimOne(SUBSCRIBER, MOTION, 1);
    List<StoredRecord> processed = ex.read(MOTION, 1, claim.resumeOffset(0), 3);
    ex.transaction().commitOffset(claim, processed.get(2).offset() + 1).commit();

    PartitionClaim resumed = claimOne(SUBSCRIBER, MOTION, 1);

    assertThat(resumed.committedOffset()).isEqualTo(OptionalLong.of(3));
    assertThat(ns(ex.read(MOTION, 1, resumed.resumeOffset(0), 10))).containsExactly(3, 4);
    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEqualTo(Map.of(1, 3L));
    assertThat(ex.committedOffsets("someone-else", MOTION)).isEmpty();
  }

  @Test
  void transactionCommitsOutputsStateAndOffsetsTogether() {
    ex.append(MOTION, numbered(keyIn(0, 4), 0, 2));
    PartitionClaim claim = claimOne(SUBSCRIBER, MOTION, 0);

    TransactionResult result =
        ex.transaction()
            .append(HOUSE, List.of(rec("room-1", "{'motion':true}"), rec("room-2", "{}")))
            .putState(SUBSCRIBER, "room-1", json("{'count':2}"))
            .commitOffset(claim, 2)
            .commit();

    assertThat(result.appends()).hasSize(1);
    AppendResult appended = result.appends().get(0);
    assertThat(appended.store()).isEqualTo(HOUSE);
    RecordPosition first = appended.positions().get(0);
    assertThat(ex.read(HOUSE, first.partition(), first.offset(), 1).get(0).value())
        .isEqualTo(json("{'motion':true}"));
    assertThat(ex.readState(SUBSCRIBER, "room-1")).contains(json("{'count':2}"));
    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEqualTo(Map.of(0, 2L));
  }

  @Test
  void fencedZombieCommitsNothing() {
    ex.append(MOTION, numbered(keyIn(0, 4), 0, 2));
    PartitionClaim zombie = claimOne(SUBSCRIBER, MOTION, 0);
    PartitionClaim owner = claimOne(SUBSCRIBER, MOTION, 0);

    assertThatThrownBy(
            () ->
                ex.transaction()
                    .append(HOUSE, List.of(rec("room-1", "{}")))
                    .putState(SUBSCRIBER, "room-1", json("{'count':1}"))
                    .commitOffset(zombie, 2)
                    .commit())
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("fenced")
        .hasMessageContaining(SUBSCRIBER)
        .hasMessageContaining(MOTION + " partition 0");

    assertThat(ex.describe(HOUSE).partitions()).allSatisfy(p -> assertThat(p.endOffset()).isZero());
    assertThat(ex.readState(SUBSCRIBER, "room-1")).isEmpty();
    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEmpty();
    ex.transaction().commitOffset(owner, 1).commit();
    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEqualTo(Map.of(0, 1L));
  }

  @Test
  void claimsOfDifferentSubscribersDoNotFenceEachOther() {
    PartitionClaim mine = claimOne(SUBSCRIBER, MOTION, 0);
    PartitionClaim theirs = claimOne("audit", MOTION, 0);
    ex.append(MOTION, numbered(keyIn(0, 4), 0, 1));

    ex.transaction().commitOffset(mine, 1).commitOffset(theirs, 0).commit();

    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEqualTo(Map.of(0, 1L));
    assertThat(ex.committedOffsets("audit", MOTION)).isEqualTo(Map.of(0, 0L));
  }

  @Test
  void transactionWithABadPartCommitsNothing() {
    PartitionClaim claim = claimOne(SUBSCRIBER, MOTION, 0);

    assertThatThrownBy(
            () ->
                ex.transaction()
                    .append(HOUSE, List.of(rec("room-1", "{}")))
                    .putState(SUBSCRIBER, "room-1", json("{}"))
                    .commitOffset(claim, 1)
                    .commit())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("end");
    assertThatThrownBy(
            () ->
                ex.transaction()
                    .append(HOUSE, List.of(rec("room-1", "{}")))
                    .append(MOTION, List.of(rec("m", "{}"), rec(null, "{}")))
                    .commit())
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("appends[1].records[1].key");
    assertThatThrownBy(
            () ->
                ex.transaction()
                    .append(HOUSE, List.of(rec("room-1", "{}")))
                    .putState("Bad Name", "k", json("{}"))
                    .commit())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Bad Name");
    assertThatThrownBy(() -> ex.transaction().commitOffset(claim, -1).commit())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ex.transaction().commit())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");

    assertThat(ex.describe(HOUSE).partitions()).allSatisfy(p -> assertThat(p.endOffset()).isZero());
    assertThat(ex.describe(MOTION).partitions())
        .allSatisfy(p -> assertThat(p.endOffset()).isZero());
    assertThat(ex.readState(SUBSCRIBER, "room-1")).isEmpty();
  }

  @Test
  void claimRefusesBadSubscribersAndPartitions() {
    assertThatThrownBy(() -> ex.claim("Bad Name", MOTION, Set.of(0)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("subscriber");
    assertThatThrownBy(() -> ex.claim(SUBSCRIBER, MOTION, Set.of(0, 4)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("partitions 0 to 3");
    assertThatThrownBy(() -> ex.claim(SUBSCRIBER, MOTION, Set.of()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void stateIsKeyedPerSubscriberAndScannedByPrefix() {
    ex.transaction()
        .putState(SUBSCRIBER, "room-1/w1", json("{'n':1}"))
        .putState(SUBSCRIBER, "room-1/w2", json("{'n':2}"))
        .putState(SUBSCRIBER, "room-2/w1", json("{'n':3}"))
        .putState("other", "room-1/w1", json("{'n':9}"))
        .commit();

    ex.transaction()
        .deleteState(SUBSCRIBER, "room-1/w1")
        .putState(SUBSCRIBER, "room-2/w1", json("{'n':4}"))
        .commit();

    assertThat(ex.readState(SUBSCRIBER, "room-1/w1")).isEmpty();
    assertThat(ex.scanState(SUBSCRIBER, "room-1/"))
        .containsExactly(new StateEntry("room-1/w2", json("{'n':2}")));
    assertThat(ex.scanState(SUBSCRIBER, ""))
        .containsExactly(
            new StateEntry("room-1/w2", json("{'n':2}")),
            new StateEntry("room-2/w1", json("{'n':4}")));
    assertThat(ex.readState("other", "room-1/w1")).contains(json("{'n':9}"));
  }

  @Test
  void offsetCommitNamesAnUnknownStore() {
    PartitionClaim claim = claimOne(SUBSCRIBER, MOTION, 0);
    StoreRef gone = MOTION;
    ex.deleteStore(gone);

    assertThatThrownBy(() -> ex.transaction().commitOffset(claim, 0).commit())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(gone.toString());
  }

  @Test
  void aLoneGroupMemberOwnsEveryPartitionAndLetsThemGoOnClose() {
    RecordingGroupListener owned = new RecordingGroupListener();
    GroupMembership member = ex.join(SUBSCRIBER, Set.of(MOTION, HOUSE), owned);
    // A backend shared by processes (Kafka) settles its group first: seconds, not milliseconds.
    await()
        .atMost(WAIT.multipliedBy(6))
        .until(() -> owned.owned().equals(Map.of(MOTION, Set.of(0, 1, 2, 3), HOUSE, Set.of(0, 1))));
    assertThat(member.subscriber()).isEqualTo(SUBSCRIBER);
    assertThat(member.stores()).containsExactlyInAnyOrder(MOTION, HOUSE);

    member.close();

    assertThat(owned.owned()).isEmpty();
    member.close();
  }

  @Test
  void joinRefusesBadSubscribersNoStoresAndUnknownStores() {
    RecordingGroupListener owned = new RecordingGroupListener();
    assertThatThrownBy(() -> ex.join("Bad Name", Set.of(MOTION), owned))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("subscriber");
    assertThatThrownBy(() -> ex.join(SUBSCRIBER, Set.of(), owned))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("stores: at least one is required");
    StoreRef unknown = StoreRef.parse("Home/v1/Motion/nowhere");
    assertThatThrownBy(() -> ex.join(SUBSCRIBER, Set.of(MOTION, unknown), owned))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown.toString());
    assertThat(owned.owned()).isEmpty();
  }
}
