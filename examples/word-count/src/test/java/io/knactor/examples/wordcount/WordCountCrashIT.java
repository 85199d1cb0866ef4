package io.knactor.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.exchange.embedded.log.EmbeddedLogExchange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the word count in a child JVM ({@link WordCountProcess}), kills it with SIGKILL in the
 * middle of the stream, after the split stage has committed and its parallelism has changed,
 * restarts it over the same directory, and checks that every word's counts are 1, 2, ..., n with n
 * exact.
 */
class WordCountCrashIT {
  private static final long LINES = 4_000;
  private static final Pattern FED = Pattern.compile("FED (\\d+) SPLIT (\\d+)");

  @TempDir Path dir;

  @Test
  @Timeout(240)
  void countsAreExactThroughAKillMinusNine() throws Exception {
    Path logs = dir.resolve("logs");
    Process first = child(logs);
    long fedAtKill = 0;
    long splitAtKill = 0;
    List<String> seen = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        seen.add(line);
        Matcher m = FED.matcher(line);
        if (m.matches()) {
          fedAtKill = Long.parseLong(m.group(1));
          splitAtKill = Long.parseLong(m.group(2));
          // Past a parallelism change (every 500 lines), with the split stage well under way.
          if (fedAtKill >= 1_200 && splitAtKill >= 300) {
            break;
          }
        }
      }
      first.destroyForcibly(); // SIGKILL on Linux
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(fedAtKill)
        .as("child output %s; stderr %s", seen, Files.readString(dir.resolve("child.err")))
        .isBetween(1_200L, LINES - 1);
    assertThat(first.exitValue()).isEqualTo(137);

    Process second = child(logs);
    String lastLine;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      lastLine = "";
      while ((line = out.readLine()) != null) {
        lastLine = line;
      }
    }
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lastLine).as(Files.readString(dir.resolve("child.err"))).isEqualTo("DONE");
    assertThat(second.exitValue()).isZero();

    try (EmbeddedLogExchange ex = EmbeddedLogExchange.open(logs);
        WordCount wc = WordCount.start(ex, 1, 1)) {
      assertThat(wc.lines()).isEqualTo(LINES);
      WordCountTest.assertExact(wc, LINES);
    }
  }

  private Process child(Path logs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            WordCountProcess.class.getName(),
            logs.toString(),
            String.valueOf(LINES))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()))
        .start();
  }
}
