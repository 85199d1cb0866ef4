package io.knactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import io.knactor.exchange.redis.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The knactor command in-process against a real server on a free port. */
class KnactorCliTest extends ServerCliTest {
  private static final String GREETER_TOKEN = "greeter-token-for-cli-tests";
  private static final String STORE = "Demo/v1/Greeter/greeter";
  private static final String REGISTRATION =
      """
      schema: Demo/v1/Greeter/Greeting
      to: string
      message: string
      ---
      kind: Principal
      name: greeter
      role: knactor
      token: %s
      ---
      kind: Principal
      name: dashboard
      role: viewer
      ---
      kind: Knactor
      name: %s
      principal: greeter
      """
          .formatted(GREETER_TOKEN, STORE);

  private CliRun applyRegistration() throws Exception {
    return knactor(
        "apply", "-f", Files.writeString(dir.resolve("knactors.yaml"), REGISTRATION).toString());
  }

  private static JsonNode json(CliRun run) {
    return Json.parseObject(run.out(), "output");
  }

  @Test
  void applyPrintsEachDocumentsActionAndTheGeneratedTokensOnce() throws Exception {
    CliRun first = applyRegistration();
    CliRun second = applyRegistration();

    assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(first.out())
        .startsWith(
            "schema/Demo/v1/Greeter/Greeting created\n"
                + "principal/greeter created\n"
                + "principal/dashboard created\n"
                + "knactor/Demo/v1/Greeter/greeter created\n"
                + "\n"
                + "Generated tokens (shown once; keep them):\n"
                + "PRINCIPAL  TOKEN\n"
                + "dashboard  ");
    assertThat(second.out())
        .isEqualTo(
            "schema/Demo/v1/Greeter/Greeting unchanged\n"
                + "principal/greeter unchanged\n"
                + "principal/dashboard unchanged\n"
                + "knactor/Demo/v1/Greeter/greeter unchanged\n");
  }

  @Test
  void applyOfMalformedYamlIsAServerErrorAndStoresNothing() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "kind: Principal\nname: greeter\nrole: knactor\ntoken: "
                + GREETER_TOKEN
                + "\n---\nkind: [\n");

    CliRun run = knactor("apply", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err()).startsWith("Error from server (BadRequest): ").contains("document 2");
    assertThat(knactor("--token", GREETER_TOKEN, "get", STORE).err())
        .startsWith("Error from server (Unauthorized): ");
  }

  @Test
  void putGetPatchAndDeleteAnObject() throws Exception {
    applyRegistration();

    CliRun created =
        knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada\"}", "-l", "lang=en");
    CliRun replaced = knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada L.\"}");
    CliRun patched =
        knactor(
            "patch", STORE, "Greeting", "ada", "--data", "{\"message\": \"Hi\"}", "-l", "lang=en");
    CliRun table = knactor("get", STORE, "Greeting");
    CliRun one = knactor("get", STORE, "Greeting", "ada");
    CliRun asJson = knactor("get", STORE, "Greeting", "ada", "-o", "json");
    CliRun deleted = knactor("delete", STORE, "Greeting", "ada");
    CliRun gone = knactor("get", STORE, "Greeting", "ada");

    long version = json(asJson).path("metadata").path("resourceVersion").asLong();
    assertThat(created.out()).matches("Greeting/ada created \\(resourceVersion \\d+\\)\n");
    assertThat(replaced.out()).matches("Greeting/ada replaced \\(resourceVersion \\d+\\)\n");
    assertThat(patched.out()).isEqualTo("Greeting/ada patched (resourceVersion " + version + ")\n");
    assertThat(table.out())
        .isEqualTo(
            "NAME  VERSION  LABELS   DATA\n"
                + "ada   "
                + version
                + " ".repeat(9 - String.valueOf(version).length())
                + "lang=en  {\"to\":\"Ada L.\",\"message\":\"Hi\"}\n");
    assertThat(one.out())
        .isEqualTo(
            "Greeting/ada\n"
                + "store:           "
                + STORE
                + "\nresourceVersion: "
                + version
                + "\nlabels:          lang=en\n"
                + "data:\n"
                + "  {\n"
                + "    \"to\" : \"Ada L.\",\n"
                + "    \"message\" : \"Hi\"\n"
                + "  }\n");
    assertThat(json(asJson).path("data"))
        .isEqualTo(Json.parseObject("{\"to\":\"Ada L.\",\"message\":\"Hi\"}", "x"));
    assertThat(deleted.out()).matches("Greeting/ada deleted \\(resourceVersion \\d+\\)\n");
    assertThat(gone.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(gone.err()).startsWith("Error from server (NotFound): ");
    assertThat(List.of(created, replaced, patched, table, one, asJson, deleted))
        .extracting(CliRun::exitCode)
        .containsOnly(ExitCodes.OK);
  }

  @Test
  void getOfAnEmptyKindSaysSo() throws Exception {
    applyRegistration();

    CliRun run = knactor("get", STORE, "Greeting");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("No objects of kind Greeting in " + STORE + ".\n");
  }

  @Test
  void getOfAnUnknownStoreIsAServerErrorNamingIt() throws Exception {
    applyRegistration();

    CliRun run = knactor("--token", GREETER_TOKEN, "get", "Nope/v1/Nope/nope");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err())
        .isEqualTo(
            "Error from server (NotFound): unknown store 'Nope/v1/Nope/nope'\n  field: store\n");
  }

  @Test
  void wrongTokenIsRefusedWithAHint() throws Exception {
    applyRegistration();

    CliRun run = knactor("--token", "not-a-valid-token-at-all", "get", STORE);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err())
        .startsWith("Error from server (Unauthorized): ")
        .endsWith("  hint: pass a token with --token or set KNACTOR_TOKEN\n");
  }

  @Test
  void tokenFlagTakesPrecedenceOverTheEnvironment() throws Exception {
    applyRegistration();
    Map<String, String> wrongEnv = new HashMap<>(env);
    wrongEnv.put("KNACTOR_TOKEN", "not-a-valid-token-at-all");

    CliRun run = CliRun.run(wrongEnv, "get", STORE, "--token", ADMIN);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void dataViolatingTheSchemaIsRefusedNamingTheField() throws Exception {
    applyRegistration();

    CliRun run = knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": 5}");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err()).startsWith("Error from server (BadRequest): ").endsWith("  field: to\n");
  }

  @Test
  void staleResourceVersionIsAConflict() throws Exception {
    applyRegistration();
    knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada\"}");
    knactor("patch", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada L.\"}");

    CliRun run =
        knactor("put", STORE, "Greeting", "ada", "--data", "{}", "--resource-version", "1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err()).startsWith("Error from server (Conflict): ");
  }

  @Test
  void watchFollowsTheChangesAfterAVersion() throws Exception {
    applyRegistration();
    String from =
        json(knactor("get", STORE, "Greeting", "-o", "json")).path("resourceVersion").asText();
    knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada\"}");
    knactor("delete", STORE, "Greeting", "ada");

    CliRun table =
        knactor("watch", STORE, "Greeting", "--resource-version", from, "--max-events", "2");
    CliRun lines =
        knactor("watch", STORE, "--resource-version", from, "--max-events", "2", "-o", "json");

    assertThat(table.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(table.out())
        .matches(
            "ADDED     Greeting/ada  v\\d+  \\{\"to\":\"Ada\"}\n"
                + "DELETED   Greeting/ada  v\\d+  \\{\"to\":\"Ada\"}\n");
    assertThat(
            lines.out().lines().map(line -> Json.parseObject(line, "event").path("type").asText()))
        .containsExactly("ADDED", "DELETED");
  }

  @Test
  void historyShowsWhichPrincipalWroteEachVersion() throws Exception {
    applyRegistration();
    knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada\"}");
    knactor(
        "--token",
        GREETER_TOKEN,
        "patch",
        STORE,
        "Greeting",
        "ada",
        "--data",
        "{\"message\": \"Hello, Ada!\"}");

    CliRun run = knactor("history", STORE, "Greeting", "ada");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    List<String> rows = run.out().lines().toList();
    assertThat(rows.get(0)).matches("VERSION +TYPE +PRINCIPAL +TIME +DATA");
    assertThat(rows.get(1)).matches("\\d+ +ADDED +admin +\\S+ +\\{\"to\":\"Ada\"}");
    assertThat(rows.get(2))
        .matches("\\d+ +MODIFIED +greeter +\\S+ +\\{\"to\":\"Ada\",\"message\":\"Hello, Ada!\"}");
  }

  @Test
  void upRunsAServerUntilInterrupted() throws Exception {
    Up up = Up.start("up", "--data-dir", dir.resolve("up").toString());

    CliRun get = up.knactor("get", "Nope/v1/Nope/nope");
    int exit = up.stop();

    assertThat(up.uri()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(up.out())
        .contains(
            "export KNACTOR_SERVER=" + up.uri() + "\n", "Data directory: " + dir.resolve("up"));
    assertThat(get.out()).isEqualTo("No objects in Nope/v1/Nope/nope.\n");
    assertThat(exit).isEqualTo(ExitCodes.OK);
  }

  @Test
  void upKeepsObjectsInRedisWhenToldTo() throws Exception {
    String objects = "redis://127.0.0.1:" + RedisServerProcess.shared().port() + "/0?prefix=cli-up";
    Up up = Up.start("up", "--data-dir", dir.resolve("up").toString(), "--objects", objects);
    Path registration = Files.writeString(dir.resolve("knactors.yaml"), REGISTRATION);

    CliRun apply = up.knactor("apply", "-f", registration.toString());
    CliRun put = up.knactor("put", STORE, "Greeting", "ada", "--data", "{\"to\": \"Ada\"}");
    int exit = up.stop();
    Up again = Up.start("up", "--data-dir", dir.resolve("up2").toString(), "--objects", objects);
    CliRun get = again.knactor("get", STORE, "Greeting", "ada", "-o", "json");
    again.stop();

    assertThat(apply.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(put.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(up.out()).contains("Objects: " + objects + "\n");
    assertThat(json(get).path("data").path("to").asText())
        .as("read by a second server on the same Redis")
        .isEqualTo("Ada");
  }

  @Test
  void upOnAnUnreachableRedisFailsNamingIt() {
    int port = RedisServerProcess.freePort();

    CliRun run =
        knactor(
            "up",
            "--data-dir",
            dir.resolve("up").toString(),
            "--objects",
            "redis://127.0.0.1:" + port,
            "--port",
            "0",
            "--admin-token",
            "up-admin-token-0123");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err())
        .startsWith(
            "error: cannot start the server: cannot reach Redis at 127.0.0.1:" + port + ": ");
  }

  @Test
  void upSelectsTheLogExchangeByTheSchemeOfLogs() {
    CliRun run =
        knactor(
            "up",
            "--data-dir",
            dir.resolve("up").toString(),
            "--logs",
            "kafka-nope://127.0.0.1:9092",
            "--port",
            "0",
            "--admin-token",
            "up-admin-token-0123");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err())
        .contains("no log exchange backend for 'kafka-nope:' (available: embedded, kafka)");
  }

  /** A {@code knactor up} running on a thread of its own, until {@link #stop}. */
  private record Up(Thread thread, int[] exit, java.io.StringWriter output, String uri) {
    static Up start(String... args) {
      java.io.StringWriter out = new java.io.StringWriter();
      int[] exit = {-1};
      String[] all =
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(args),
                  java.util.stream.Stream.of("--port", "0", "--admin-token", "up-admin-token-0123"))
              .toArray(String[]::new);
      Thread thread =
          new Thread(
              () ->
                  exit[0] =
                      KnactorCli.run(
                          all,
                          Map.of(),
                          java.io.InputStream.nullInputStream(),
                          new java.io.PrintWriter(out, true),
                          new java.io.PrintWriter(new java.io.StringWriter(), true)));
      thread.start();
      await().until(() -> out.toString().contains("Stop with Ctrl-C."));
      String uri =
          out.toString()
              .lines()
              .findFirst()
              .orElseThrow()
              .replace("Knactor server listening on ", "");
      return new Up(thread, exit, out, uri);
    }

    CliRun knactor(String... args) {
      return CliRun.run(
          Map.of("KNACTOR_SERVER", uri, "KNACTOR_TOKEN", "up-admin-token-0123"), args);
    }

    String out() {
      return output.toString();
    }

    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join();
      return exit[0];
    }
  }

  @Test
  void upRefusesAShortAdminTokenAsAUsageError() {
    CliRun run =
        knactor(
            "up",
            "--data-dir",
            dir.resolve("up").toString(),
            "--port",
            "0",
            "--admin-token",
            "short");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: the admin token needs at least 16 characters\n");
  }

  @Test
  void upOnAnUnreachableEtcdExchangeFailsNamingTheEndpoint() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    CliRun run =
        knactor(
            "up",
            "--data-dir",
            dir.resolve("up").toString(),
            "--port",
            "0",
            "--admin-token",
            "0123456789abcdef",
            "--objects",
            "etcd://127.0.0.1:" + port);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(run.err())
        .startsWith(
            "error: cannot start the server: cannot reach etcd at [http://127.0.0.1:"
                + port
                + "/] (connection refused");
  }
}
