package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ExpiredException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The retention rules, and what reading a trimmed offset answers. */
public abstract class LogRetentionConformance extends LogQueryConformance {
  private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

  @Test
  void retentionByAgeDropsOnlyTheOldPrefix() {
    String key = keyIn(1, 4);
    Instant recent = Instant.now().minusSeconds(60);
    ex.append(
        MOTION,
        List.of(
            rec(key, LONG_AGO, "{'n':0}"),
            rec(key, LONG_AGO, "{'n':1}"),
            rec(key, recent, "{'n':2}"),
            rec(key, LONG_AGO, "{'n':3}"),
            rec(key, recent, "{'n':4}")));
    retainMotion(Retention.forever().withMaxAge(Duration.ofHours(1)));

    LogStoreInfo after = ex.applyRetention(MOTION);

    assertThat(after.partition(1).startOffset()).isEqualTo(2);
    assertThat(after.partition(1).endOffset()).isEqualTo(5);
    assertThat(ns(readAll(MOTION, 1))).containsExactly(2, 3, 4);
  }

  @Test
  void retentionBySizeKeepsTheNewestRecordsWithinTheLimit() {
    String key = keyIn(3, 4);
    ex.append(MOTION, numbered(key, 10, 20));
    long perRecord = ex.describe(MOTION).partition(3).bytes() / 10;
    retainMotion(Retention.forever().withMaxBytes(perRecord * 7 / 2));

    LogStoreInfo after = ex.applyRetention(MOTION);

    assertThat(after.partition(3).startOffset()).isEqualTo(7);
    assertThat(after.partition(3).bytes()).isEqualTo(perRecord * 3);
    assertThat(ns(readAll(MOTION, 3))).containsExactly(17, 18, 19);
  }

  @Test
  void retentionDropsWhatEveryDeclaredReaderConsumed() {
    String key = keyIn(0, 4);
    ex.append(MOTION, numbered(key, 0, 6));
    retainMotion(Retention.forever().withConsumedBy(Set.of("house", "audit")));
    PartitionClaim house = claimOne("house", MOTION, 0);
    PartitionClaim audit = claimOne("audit", MOTION, 0);
    PartitionClaim undeclared = claimOne("dashboard", MOTION, 0);
    ex.transaction().commitOffset(house, 5).commitOffset(undeclared, 1).commit();

    long heldByAudit = ex.applyRetention(MOTION).partition(0).startOffset();
    ex.transaction().commitOffset(audit, 3).commit();
    long afterBoth = ex.applyRetention(MOTION).partition(0).startOffset();

    assertThat(heldByAudit).isZero();
    assertThat(afterBoth).isEqualTo(3);
    assertThat(ns(readAll(MOTION, 0))).containsExactly(3, 4, 5);
  }

  @Test
  void readingATrimmedOffsetIsExpired() {
    String key = keyIn(2, 4);
    ex.append(MOTION, numbered(key, 0, 4));
    retainMotion(Retention.forever().withMaxBytes(0));
    ex.applyRetention(MOTION);

    assertThatThrownBy(() -> ex.read(MOTION, 2, 1, 10))
        .isInstanceOf(ExpiredException.class)
        .hasMessageContaining(MOTION + " partition 2")
        .hasMessageContaining("4");
    assertThatThrownBy(() -> ex.poll(MOTION, Map.of(2, 0L), 10, WAIT))
        .isInstanceOf(ExpiredException.class);
    assertThatThrownBy(() -> ex.scan(ScanRequest.of(MOTION).offsets(0L, null), r -> true))
        .isInstanceOf(ExpiredException.class);
    assertThat(ex.scan(ScanRequest.of(MOTION), r -> true)).isZero();
  }

  @Test
  void offsetsKeepGrowingAfterEverythingWasTrimmed() {
    String key = keyIn(2, 4);
    ex.append(MOTION, numbered(key, 0, 3));
    retainMotion(Retention.forever().withMaxBytes(0));
    ex.applyRetention(MOTION);

    AppendResult next = ex.append(MOTION, numbered(key, 3, 4));

    assertThat(next.positions()).containsExactly(new RecordPosition(2, 3));
    assertThat(ex.describe(MOTION).partition(2).startOffset()).isEqualTo(3);
    assertThat(ns(ex.read(MOTION, 2, 3, 10))).containsExactly(3);
  }
}
