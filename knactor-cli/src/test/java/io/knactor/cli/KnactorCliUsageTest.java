package io.knactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command says, and which exit code it picks, before or without any server answer. */
class KnactorCliUsageTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @TempDir Path dir;

  /** A local port nothing listens on. */
  private static String deadServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun run = CliRun.run(NO_ENV, "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("up ", "apply ", "get ", "watch ", "put ", "patch ", "delete ", "history ")
        .contains("KNACTOR_SERVER", "KNACTOR_TOKEN")
        .contains("Exit codes: 0 success, 1 the server refused or failed the request, 2 usage");
  }

  @Test
  void commandHelpShowsItsOwnOptions() {
    CliRun run = CliRun.run(NO_ENV, "put", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Usage: knactor put", "--data=JSON", "-f, --file=FILE");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.run(NO_ENV);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("error: missing command\nRun 'knactor --help' for usage.\n");
  }

  @Test
  void unknownCommandIsAUsageErrorWithASuggestion() {
    CliRun run = CliRun.run(NO_ENV, "gett");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("error: Unmatched argument at index 0: 'gett'", "get");
  }

  @Test
  void malformedStoreIsAUsageErrorAndSendsNothing() throws IOException {
    CliRun run = CliRun.run(NO_ENV, "--server", deadServer(), "get", "Demo/v1/Greeter");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "error: invalid store 'Demo/v1/Greeter': expected App/version/Type/instance\n"
                + "Run 'knactor get --help' for usage.\n");
  }

  @Test
  void malformedInlineDataIsAUsageErrorNamingWhere() throws IOException {
    CliRun run =
        CliRun.run(
            NO_ENV,
            "--server",
            deadServer(),
            "put",
            "Demo/v1/Greeter/greeter",
            "Greeting",
            "g-1",
            "--data",
            "{\"to\": }");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: malformed JSON in --data at line 1, column 8: ");
  }

  @Test
  void malformedDataFileIsAUsageErrorNamingTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("data.json"), "{\n  \"to\": \"Ada\",\n}");

    CliRun run =
        CliRun.run(
            NO_ENV,
            "--server",
            deadServer(),
            "put",
            "Demo/v1/Greeter/greeter",
            "Greeting",
            "g-1",
            "-f",
            file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .startsWith("error: malformed JSON in file " + file + " at line 3, column 1: ");
  }

  @Test
  void missingFileIsAUsageError() throws IOException {
    CliRun run =
        CliRun.run(
            NO_ENV, "--server", deadServer(), "apply", "-f", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: file not found: " + dir.resolve("nope.yaml") + "\n");
  }

  @Test
  void dataFromFileAndCommandLineTogetherIsAUsageError() {
    CliRun run = CliRun.run(NO_ENV, "put", "A/v1/T/i", "K", "n", "--data", "{}", "-f", "x.json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void invalidServerUrlIsAUsageError() {
    CliRun run = CliRun.run(Map.of("KNACTOR_SERVER", "localhost:8080"), "get", "A/v1/T/i");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .startsWith(
            "error: invalid server URL 'localhost:8080' (expected http://host:port), e.g. http://localhost:8080\n");
  }

  @Test
  void unreachableServerHasItsOwnExitCode() throws IOException {
    String server = deadServer();

    CliRun run = CliRun.run(Map.of("KNACTOR_SERVER", server), "get", "A/v1/T/i");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err())
        .isEqualTo(
            "error: cannot reach the Knactor server at "
                + server
                + " (connection refused); is it running? Start one with 'knactor up'.\n");
  }

  @Test
  void serverFlagTakesPrecedenceOverTheEnvironment() throws IOException {
    String flag = deadServer();

    CliRun run =
        CliRun.run(
            Map.of("KNACTOR_SERVER", "http://127.0.0.1:1"), "get", "A/v1/T/i", "--server", flag);

    assertThat(run.err()).contains("cannot reach the Knactor server at " + flag + " ");
  }
}
