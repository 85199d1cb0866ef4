package io.knactor.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.sdk.Backoff;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Greeter as a separate service would run it: over the HTTP API, with its own token. */
class GreeterOverHttpTest {
  private static final String ADMIN = "quickstart-admin-token";

  @TempDir Path dir;
  private KnactorServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private KnactorServer start(int port) {
    return KnactorServer.start(
        ServerConfig.builder().dataDir(dir).port(port).adminToken(ADMIN).build());
  }

  private String message(String name) {
    try (ObjectExchange admin = server.connect(ADMIN)) {
      return admin
          .get(new ObjectKey(Greeter.STORE, Greeter.GREETING, name))
          .map(o -> o.data().path("message").asText(""))
          .orElse("");
    }
  }

  @Test
  void greeterOverHttpAnswersAndResumesAfterTheServerRestarts() throws Exception {
    server = start(0);
    int port = server.port();
    ApplyResult applied = server.admin().apply(Quickstart.registration());
    String token =
        applied.items().stream()
            .filter(item -> item.kind().equals("Principal") && item.name().equals("greeter"))
            .findFirst()
            .orElseThrow()
            .token();

    try (HttpObjectExchange http = new HttpObjectExchange(server.uri(), token);
        Knactor greeter =
            Knactor.builder(Greeter.STORE, http)
                .reconnectBackoff(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(200)))
                .on(Greeter.GREETING, Greeter::reconcile)
                .build()) {
      greeter.start();
      greeter.awaitSynced();
      greeter.context().upsert(Greeter.GREETING, "ada", Json.object().put("to", "Ada"));
      await().until(() -> message("ada").equals("Hello, Ada!"));

      server.close();
      server = start(port);
      try (ObjectExchange admin = server.connect(ADMIN)) {
        admin.commit(
            "admin",
            Write.upsert(
                new ObjectKey(Greeter.STORE, Greeter.GREETING, "grace"),
                Json.object().put("to", "Grace")));
      }

      await().until(() -> message("grace").equals("Hello, Grace!"));
      assertThat(http.history(new ObjectKey(Greeter.STORE, Greeter.GREETING, "ada")))
          .extracting(ObjectRevision::principal)
          .containsExactly("greeter", "greeter");
    }
  }
}
