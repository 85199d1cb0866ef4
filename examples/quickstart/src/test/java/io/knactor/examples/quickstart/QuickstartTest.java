package io.knactor.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.knactor.cli.KnactorCli;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart end to end: what it prints is what a person runs, and it works. */
class QuickstartTest {
  private static final String ADMIN = "quickstart-admin-token";

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run knactor(Quickstart quickstart, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KnactorCli.run(
            args.toArray(String[]::new),
            Map.of(
                "KNACTOR_SERVER", quickstart.server().uri().toString(),
                "KNACTOR_TOKEN", quickstart.adminToken()),
            InputStream.nullInputStream(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run knactor(Quickstart quickstart, String... args) {
    return knactor(quickstart, List.of(args));
  }

  /** Splits a printed command line as a shell would, for the simple quoting the quickstart uses. */
  private static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (char c : command.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    words.add(word.toString());
    return words;
  }

  private static String greetingMessage(Quickstart quickstart, String name) {
    Run run = knactor(quickstart, "get", Greeter.STORE.toString(), "Greeting", name, "-o", "json");
    return run.exitCode() == 0
        ? Json.parseObject(run.out(), "output").path("data").path("message").asText("")
        : "";
  }

  @Test
  void knactorsAnswerGreetingsAndCountVisitsAndTheCliShowsIt() throws Exception {
    try (Quickstart quickstart = Quickstart.start(dir, 0, ADMIN)) {
      quickstart.writeSamples();

      await().until(() -> greetingMessage(quickstart, "barbara").equals("Hello, Barbara!"));
      await()
          .until(
              () ->
                  knactor(quickstart, "get", Counter.STORE.toString(), "PageCount")
                      .out()
                      .contains("{\"page\":\"home\",\"count\":3}"));
      Run greetings = knactor(quickstart, "get", Greeter.STORE.toString(), "Greeting");
      Run counts = knactor(quickstart, "get", Counter.STORE.toString(), "PageCount");

      assertThat(greetings.out())
          .contains(
              "{\"to\":\"Ada\",\"message\":\"Hello, Ada!\"}",
              "{\"to\":\"Grace\",\"message\":\"Hello, Grace!\"}");
      assertThat(
              counts
                  .out()
                  .lines()
                  .skip(1)
                  .map(line -> line.replaceAll("^(\\S+) .*  (\\{.*)$", "$1 $2")))
          .containsExactly(
              "docs {\"page\":\"docs\",\"count\":1}",
              "home {\"page\":\"home\",\"count\":3}",
              "pricing {\"page\":\"pricing\",\"count\":1}");
    }
  }

  @Test
  void everyPrintedCommandRunsAgainstTheQuickstart() throws Exception {
    try (Quickstart quickstart = Quickstart.start(dir, 0, ADMIN)) {
      quickstart.writeSamples();
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      quickstart.printHowToInspect(new PrintStream(printed, true, StandardCharsets.UTF_8));
      List<String> commands =
          printed
              .toString(StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(line -> line.startsWith("bin/knactor "))
              .toList();

      assertThat(commands).isEqualTo(Quickstart.inspectCommands());
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("export KNACTOR_SERVER=" + quickstart.server().uri())
          .contains("export KNACTOR_TOKEN=" + ADMIN);
      for (String command : commands) {
        Run run = knactor(quickstart, words(command).subList(1, words(command).size()));
        assertThat(run.exitCode()).as(command + "\n" + run.err()).isZero();
      }
      await().until(() -> greetingMessage(quickstart, "alan").equals("Hello, Alan!"));
    }
  }

  @Test
  void eachKnactorWritesOnlyItsOwnStore() throws Exception {
    try (Quickstart quickstart = Quickstart.start(dir, 0, ADMIN)) {
      quickstart.writeSamples();
      await().until(() -> greetingMessage(quickstart, "ada").equals("Hello, Ada!"));

      Run history = knactor(quickstart, "history", Greeter.STORE.toString(), "Greeting", "ada");
      ObjectExchange counter = quickstart.server().connectAs("counter");

      assertThat(history.out().lines().skip(1).map(line -> line.split(" +")[2]))
          .containsExactly("greeter", "greeter");
      assertThatThrownBy(
              () ->
                  counter.commit(
                      "counter",
                      Write.upsert(
                          new ObjectKey(Greeter.STORE, "Greeting", "x"),
                          Json.object().put("to", "X"))))
          .isInstanceOf(ForbiddenException.class);
      counter.close();
    }
  }

  @Test
  void statesSurviveARestartOnTheSameDirectory() throws Exception {
    try (Quickstart quickstart = Quickstart.start(dir, 0, ADMIN)) {
      quickstart.writeSamples();
      await().until(() -> greetingMessage(quickstart, "grace").equals("Hello, Grace!"));
    }

    try (Quickstart restarted = Quickstart.start(dir, 0, ADMIN)) {
      assertThat(greetingMessage(restarted, "grace")).isEqualTo("Hello, Grace!");
      assertThat(knactor(restarted, "get", Counter.STORE.toString(), "PageCount", "home").out())
          .contains("\"count\" : 3");
    }
  }
}
