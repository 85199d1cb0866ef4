package io.knactor.exchange.embedded.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.log.PartitionInfo;
import io.knactor.core.log.ScanRequest;
import io.knactor.core.log.StoredRecord;
import io.knactor.exchange.embedded.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while it appends and runs exactly-once transactions, then reopens
 * its directory: every acknowledged append is at its acknowledged position, and the processor's
 * outputs, state and offsets agree exactly (nothing half-committed, nothing lost, nothing twice).
 */
@Tag("crash")
class EmbeddedLogCrashRecoveryIT {
  private static final int APPENDERS = 6;
  private static final int ACKS_BEFORE_KILL = 600;
  private static final int TXS_BEFORE_KILL = 20;
  private static final Pattern ACK = Pattern.compile("ACK (\\d+) (\\d+) (\\d+) (\\d+)");
  private static final Pattern TX = Pattern.compile("TX (\\d+)");

  @TempDir Path dir;

  record Ack(int writer, long n, int partition, long offset) {}

  @Test
  @Timeout(180)
  void acknowledgedAppendsAndTransactionsSurviveKillMinusNine() throws Exception {
    Path logs = dir.resolve("logs");
    Path stderr = dir.resolve("child.err");
    List<Ack> acks = new ArrayList<>();
    long lastTxCount = 0;
    for (String line :
        ChildJvm.runThenKill(
            LogCrashMain.class,
            stderr,
            lines ->
                count(lines, "ACK ") >= ACKS_BEFORE_KILL && count(lines, "TX ") >= TXS_BEFORE_KILL,
            logs.toString(),
            String.valueOf(APPENDERS))) {
      lastTxCount = parse(line, acks, lastTxCount);
    }
    assertThat(acks.size())
        .as("acknowledged appends before the kill; child stderr: %s", Files.readString(stderr))
        .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    try (EmbeddedLogExchange ex = EmbeddedLogExchange.open(logs)) {
      for (Ack ack : acks) {
        List<StoredRecord> at = ex.read(LogCrashMain.IN, ack.partition(), ack.offset(), 1);
        assertThat(at).as("record of %s", ack).hasSize(1);
        assertThat(at.get(0).value().get("writer").asInt()).isEqualTo(ack.writer());
        assertThat(at.get(0).value().get("n").asLong()).isEqualTo(ack.n());
      }

      Map<Integer, Long> committed = ex.committedOffsets(LogCrashMain.PROCESSOR, LogCrashMain.IN);
      long consumed = committed.values().stream().mapToLong(Long::longValue).sum();
      long count = ex.readState(LogCrashMain.PROCESSOR, "count").orElseThrow().get("n").asLong();
      long copies =
          ex.describe(LogCrashMain.OUT).partitions().stream()
              .mapToLong(PartitionInfo::endOffset)
              .sum();
      assertThat(count)
          .as("state count vs acknowledged transactions")
          .isGreaterThanOrEqualTo(lastTxCount);
      assertThat(consumed).as("committed input offsets").isEqualTo(count);
      assertThat(copies).as("output records").isEqualTo(count);

      Set<String> sources = new HashSet<>();
      ex.scan(
          ScanRequest.of(LogCrashMain.OUT),
          copy -> {
            int p = copy.value().get("p").asInt();
            long o = copy.value().get("o").asLong();
            assertThat(o).as("copied offset of partition %d", p).isLessThan(committed.get(p));
            assertThat(sources.add(p + "/" + o)).as("copied once: %d/%d", p, o).isTrue();
            return true;
          });
      assertThat(sources).hasSize((int) count);
    }
  }

  private static long count(List<String> lines, String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).count();
  }

  private static long parse(String line, List<Ack> acks, long lastTxCount) {
    Matcher ack = ACK.matcher(line);
    if (ack.matches()) {
      acks.add(
          new Ack(
              Integer.parseInt(ack.group(1)),
              Long.parseLong(ack.group(2)),
              Integer.parseInt(ack.group(3)),
              Long.parseLong(ack.group(4))));
      return lastTxCount;
    }
    Matcher tx = TX.matcher(line);
    return tx.matches() ? Math.max(lastTxCount, Long.parseLong(tx.group(1))) : lastTxCount;
  }
}
