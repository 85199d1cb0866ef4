package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Kills a child JVM with SIGKILL in the middle of concurrent writes, then reopens its directory:
 * every acknowledged write is there at its acknowledged version, and a watch resumes without a gap.
 */
@Tag("crash")
class EmbeddedCrashRecoveryTest {
  private static final int WRITERS = 8;
  private static final int ACKS_BEFORE_KILL = 400;
  private static final Pattern ACK = Pattern.compile("ACK (\\d+) (\\d+) (\\d+)");

  @TempDir Path dir;

  record Ack(int writer, long n, long version) {}

  @Test
  @Timeout(120)
  void acknowledgedWritesSurviveKillMinusNine() throws Exception {
    Path objects = dir.resolve("objects");
    Path stderr = dir.resolve("child.err");
    List<Ack> acks = new ArrayList<>();
    for (String line :
        ChildJvm.runThenKill(
            CrashWriterMain.class,
            stderr,
            lines -> lines.size() >= ACKS_BEFORE_KILL,
            objects.toString(),
            String.valueOf(WRITERS))) {
      parse(line, acks);
    }
    assertThat(acks.size())
        .as("acknowledged writes before the kill; child stderr: %s", Files.readString(stderr))
        .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    long lastAcked = acks.stream().mapToLong(Ack::version).max().orElseThrow();

    try (EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(objects)) {
      long recovered = ex.currentVersion();
      assertThat(recovered).isGreaterThanOrEqualTo(lastAcked);

      Map<Long, WatchEvent> log = new HashMap<>();
      try (Watch all = ex.watch(WatchRequest.ofStores(Set.of(), 0))) {
        for (WatchEvent event : take(all, recovered)) {
          log.put(event.resourceVersion(), event);
        }
      }
      for (Ack ack : acks) {
        WatchEvent event = log.get(ack.version());
        assertThat(event).as("change of %s", ack).isNotNull();
        assertThat(event.object().key()).isEqualTo(CrashWriterMain.key(ack.writer(), ack.n()));
        assertThat(event.object().data().get("writer").asInt()).isEqualTo(ack.writer());
        assertThat(event.object().data().get("n").asLong()).isEqualTo(ack.n());
      }

      try (Watch resumed = ex.watch(WatchRequest.ofStores(Set.of(), lastAcked))) {
        StoredObject next =
            ex.commit(
                "test",
                Write.upsert(ObjectKey.of("Crash/v1/Writer/after", "Record", "r"), Json.object()));
        assertThat(next.resourceVersion()).isEqualTo(recovered + 1);
        List<WatchEvent> events = take(resumed, next.resourceVersion() - lastAcked);
        assertThat(events.get(events.size() - 1).object()).isEqualTo(next);
      }
    }
  }

  /** Takes {@code count} events, checking that their versions follow each other without a gap. */
  private static List<WatchEvent> take(Watch watch, long count) throws InterruptedException {
    List<WatchEvent> events = new ArrayList<>();
    long previous = -1;
    for (long n = 0; n < count; n++) {
      WatchEvent event = watch.poll(Duration.ofSeconds(10));
      assertThat(event).as("event %d of %d", n + 1, count).isNotNull();
      if (previous >= 0) {
        assertThat(event.resourceVersion())
            .as("version after %d", previous)
            .isEqualTo(previous + 1);
      }
      previous = event.resourceVersion();
      events.add(event);
    }
    return events;
  }

  private static void parse(String line, List<Ack> acks) {
    Matcher matcher = ACK.matcher(line);
    if (matcher.matches()) {
      acks.add(
          new Ack(
              Integer.parseInt(matcher.group(1)),
              Long.parseLong(matcher.group(2)),
              Long.parseLong(matcher.group(3))));
    }
  }
}
