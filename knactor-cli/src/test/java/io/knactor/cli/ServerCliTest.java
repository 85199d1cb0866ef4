package io.knactor.cli;

import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI test against a real server on a free port, on the embedded exchanges in a temporary
 * directory; {@link #knactor} runs one command line in-process with the admin token.
 */
abstract class ServerCliTest {
  static final String ADMIN = "admin-token-for-cli-tests";

  @TempDir Path dir;
  KnactorServer server;
  Map<String, String> env;

  @BeforeEach
  void startServer() {
    server =
        KnactorServer.start(
            ServerConfig.builder().dataDir(dir.resolve("data")).port(0).adminToken(ADMIN).build());
    env = Map.of("KNACTOR_SERVER", server.uri().toString(), "KNACTOR_TOKEN", ADMIN);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  CliRun knactor(String... args) {
    return CliRun.run(env, args);
  }

  /** Writes {@code text} to {@code name} in the temporary directory. */
  Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
