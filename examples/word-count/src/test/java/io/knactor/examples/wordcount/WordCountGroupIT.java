package io.knactor.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchanges;
import io.knactor.core.log.LogRecord;
import io.knactor.exchange.kafka.KafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three processes ({@link WordCountMember}) run the word count's stateful {@code sum} Sync as one
 * group over a real Kafka broker: the group splits the words log's 6 partitions among them. One is
 * killed with SIGKILL while words keep arriving; the two others take over its partitions (claims
 * fence its open transaction, state and offsets resume from what it committed), and every word's
 * counts in the counts log (read_committed) are exactly 1, 2, ..., n, with n the word's count in
 * the input: nothing lost, nothing counted twice.
 */
class WordCountGroupIT {
  private static final int WORDS = 37;
  private static final int BATCH = 250;

  @Test
  @Timeout(240)
  void survivorsTakeOverAKilledMembersPartitionsAndCountEveryWordOnce() throws Exception {
    String uri =
        "kafka://"
            + KafkaBroker.shared().bootstrapServers()
            + "?namespace=wordcount-group&memberTimeoutMs=6000";
    List<Member> members = new ArrayList<>();
    try (LogExchange logs = LogExchanges.open(URI.create(uri))) {
      WordCount.createStores(logs);
      feed(logs, 0);
      for (int i = 0; i < 3; i++) {
        members.add(Member.start(uri, Path.of("target", "word-count-group-member-" + i + ".err")));
      }
      // The group deals two partitions to each member, and each counts the words of its own.
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> assertThat(members).as("members' output").allMatch(m -> m.holds().size() == 2));
      assertThat(union(members)).containsExactly(0, 1, 2, 3, 4, 5);
      feed(logs, 1);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(members).as("members' output").allMatch(m -> m.records() > 0));

      // Killed with words of its partitions still to count.
      Member victim = members.get(0);
      Set<Integer> orphaned = victim.holds();
      feed(logs, 2);
      victim.kill();
      assertThat(victim.process.exitValue()).isEqualTo(137);
      feed(logs, 3);

      List<Member> survivors = members.subList(1, 3);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(union(survivors))
                      .as("survivors' output: %s", survivors)
                      .containsExactly(0, 1, 2, 3, 4, 5));
      assertThat(survivors).allSatisfy(m -> assertThat(m.holds()).hasSizeGreaterThanOrEqualTo(2));
      assertThat(union(survivors)).containsAll(orphaned);
      feed(logs, 4);

      await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything(logs));
      Map<String, List<Long>> counts = WordCount.countSequences(logs);
      assertThat(counts).hasSize(WORDS);
      counts.forEach(
          (word, sequence) ->
              assertThat(sequence)
                  .as("the counts of %s", word)
                  .containsExactlyElementsOf(
                      LongStream.rangeClosed(1, expected(word, 5)).boxed().toList()));
    } finally {
      for (Member member : members) {
        member.leave();
      }
    }
    assertThat(members.subList(1, 3)).allSatisfy(m -> assertThat(m.lines).contains("LEFT"));
  }

  /** Appends batch {@code n}: words {@code w0..w36} round-robin, keyed by the word. */
  private static void feed(LogExchange logs, int n) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = n * BATCH; i < (n + 1) * BATCH; i++) {
      String word = "w" + (i % WORDS);
      ObjectNode value = Json.object();
      value.put("word", word);
      records.add(LogRecord.of(word, value));
    }
    logs.append(WordCount.WORDS, records);
  }

  /** How many times {@code word} was fed in {@code batches} batches. */
  private static long expected(String word, int batches) {
    int index = Integer.parseInt(word.substring(1));
    return LongStream.range(0, (long) batches * BATCH).filter(i -> i % WORDS == index).count();
  }

  private static boolean consumedEverything(LogExchange logs) {
    Map<Integer, Long> committed = logs.committedOffsets("sync.sum", WordCount.WORDS);
    return logs.describe(WordCount.WORDS).partitions().stream()
        .allMatch(p -> committed.getOrDefault(p.partition(), -1L) == p.endOffset());
  }

  private static Set<Integer> union(List<Member> members) {
    Set<Integer> all = new TreeSet<>();
    members.forEach(m -> all.addAll(m.holds()));
    return all;
  }

  /** A {@link WordCountMember} child JVM and the lines it printed. */
  private static final class Member {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Thread reader;

    private Member(Process process) {
      this.process = process;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (java.io.IOException e) {
                  // The process is gone; what it printed is kept.
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    static Member start(String uri, Path stderr) throws Exception {
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              WordCountMember.class.getName(),
              uri);
      return new Member(
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
              .start());
    }

    @Override
    public String toString() {
      return lines.toString();
    }

    /** The partitions of the last HOLDS line. */
    Set<Integer> holds() {
      String last = last();
      Set<Integer> held = new HashSet<>();
      String list = last.substring("HOLDS ".length(), last.indexOf(" RECORDS"));
      for (String p : list.split(",")) {
        if (!p.isEmpty()) {
          held.add(Integer.parseInt(p));
        }
      }
      return held;
    }

    long records() {
      String last = last();
      return Long.parseLong(last.substring(last.indexOf(" RECORDS ") + " RECORDS ".length()));
    }

    private String last() {
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("HOLDS ")) {
          return lines.get(i);
        }
      }
      return "HOLDS  RECORDS 0";
    }

    void kill() throws InterruptedException {
      process.toHandle().destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed member ended").isTrue();
    }

    /** Ends its standard input, so it leaves the group; kills it if it does not end in time. */
    void leave() throws Exception {
      if (process.isAlive()) {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.toHandle().destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
