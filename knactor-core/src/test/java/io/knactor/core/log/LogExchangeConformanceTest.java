package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ExpiredException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LogExchange} backend keeps, as tests. A backend's test extends this
 * class and implements the hooks:
 *
 * <ul>
 *   <li>{@link #newExchange(java.nio.file.Path)}: a fresh, empty exchange that applies retention
 *       only when asked ({@link LogExchange#applyRetention}), so that tests decide when;
 *   <li>{@link #reopen(LogExchange, java.nio.file.Path)}, for durable backends: close and open the
 *       same exchange again; without it the durability tests are skipped.
 * </ul>
 *
 * <p>The tests are grouped by feature in the superclasses ({@link LogAppendConformance}, {@link
 * LogTransactionConformance}, {@link LogQueryConformance}, {@link LogRetentionConformance}, {@link
 * LogPropertyConformance}); this class adds durability. They use only the SPI, assert error types
 * and that messages name what was wrong, and need JUnit Jupiter, AssertJ, Awaitility and jqwik on
 * the test classpath. A blocked {@code poll} must wait (thread state WAITING or TIMED_WAITING).
 */
public abstract class LogExchangeConformanceTest extends LogPropertyConformance {

  @Test
  void acknowledgedAppendsTransactionsAndStateArePresentAfterReopen() {
    String key = keyIn(1, 4);
    ex.append(MOTION, numbered(key, 0, 3));
    PartitionClaim claim = claimOne(SUBSCRIBER, MOTION, 1);
    TransactionResult tx =
        ex.transaction()
            .append(HOUSE, List.of(rec("room-1", "{'n':7}")))
            .putState(SUBSCRIBER, "room-1", json("{'count':3}"))
            .commitOffset(claim, 3)
            .commit();
    LogStoreInfo motion = ex.describe(MOTION);
    LogStoreInfo house = ex.describe(HOUSE);

    ex = reopen(ex, dir);

    assertThat(ex.describe(MOTION)).isEqualTo(motion);
    assertThat(ex.describe(HOUSE)).isEqualTo(house);
    assertThat(ns(readAll(MOTION, 1))).containsExactly(0, 1, 2);
    RecordPosition out = tx.appends().get(0).positions().get(0);
    assertThat(ns(ex.read(HOUSE, out.partition(), out.offset(), 1))).containsExactly(7);
    assertThat(ex.readState(SUBSCRIBER, "room-1")).contains(json("{'count':3}"));
    assertThat(ex.committedOffsets(SUBSCRIBER, MOTION)).isEqualTo(Map.of(1, 3L));
    assertThat(claimOne(SUBSCRIBER, MOTION, 1).committedOffset()).isEqualTo(OptionalLong.of(3));
    assertThat(ex.append(MOTION, numbered(key, 3, 4)).positions())
        .containsExactly(new RecordPosition(1, 3));
  }

  @Test
  void aClaimSupersededBeforeARestartStaysFenced() {
    PartitionClaim zombie = claimOne(SUBSCRIBER, MOTION, 0);
    PartitionClaim owner = claimOne(SUBSCRIBER, MOTION, 0);

    ex = reopen(ex, dir);

    assertThatThrownBy(() -> ex.transaction().commitOffset(zombie, 0).commit())
        .isInstanceOf(ConflictException.class);
    ex.transaction().commitOffset(owner, 0).commit();
    assertThat(claimOne(SUBSCRIBER, MOTION, 0).epoch()).isGreaterThan(owner.epoch());
  }

  @Test
  void trimmedRecordsStayTrimmedAfterReopen() {
    String key = keyIn(0, 4);
    ex.append(MOTION, numbered(key, 0, 4));
    retainMotion(Retention.forever().withConsumedBy(Set.of("house")));
    ex.transaction().commitOffset(claimOne("house", MOTION, 0), 2).commit();
    ex.applyRetention(MOTION);

    ex = reopen(ex, dir);

    assertThat(ex.describe(MOTION).partition(0).startOffset()).isEqualTo(2);
    assertThat(ex.describe(MOTION).spec().retention().consumedBy()).containsExactly("house");
    assertThatThrownBy(() -> ex.read(MOTION, 0, 0, 10)).isInstanceOf(ExpiredException.class);
    assertThat(ns(readAll(MOTION, 0))).containsExactly(2, 3);
  }
}
