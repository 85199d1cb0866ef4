package io.knactor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void parsesEveryOption() {
    ServerConfig config =
        Main.parse(
            new String[] {
              "--data-dir",
              "/tmp/k",
              "--port",
              "8181",
              "--host",
              "0.0.0.0",
              "--admin-token",
              "0123456789abcdef",
              "--objects",
              "embedded:/tmp/other"
            });

    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/k"));
    assertThat(config.port()).isEqualTo(8181);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.adminToken()).isEqualTo("0123456789abcdef");
    assertThat(config.objects()).isEqualTo(URI.create("embedded:/tmp/other"));
  }

  @Test
  void defaultsToTheEmbeddedExchangeInTheDataDirectory() {
    ServerConfig config =
        Main.parse(new String[] {"--data-dir", "/tmp/k", "--admin-token", "0123456789abcdef"});

    assertThat(config.objects()).isEqualTo(URI.create("embedded:/tmp/k/objects"));
    assertThat(config.port()).isZero();
    assertThat(config.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void refusesMissingUnknownAndMalformedOptions() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--admin-token", "0123456789abcdef"}))
        .hasMessage("--data-dir is required");
    assertThatThrownBy(() -> Main.parse(new String[] {"--data-dir", "/tmp/k", "--colour", "x"}))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> Main.parse(new String[] {"--data-dir"}))
        .hasMessage("option --data-dir needs a value");
    assertThatThrownBy(
            () ->
                Main.parse(
                    new String[] {
                      "--data-dir", "/d", "--port", "x", "--admin-token", "0123456789abcdef"
                    }))
        .hasMessage("--port must be a number, got 'x'");
    assertThatThrownBy(
            () -> Main.parse(new String[] {"--data-dir", "/d", "--admin-token", "short"}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("the admin token needs at least 16 characters");
  }
}
