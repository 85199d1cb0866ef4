package io.knactor.examples.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {
  private static final Map<String, Integer> COUNTS = Map.of("--orders", 10);
  private static final String TOKEN = "a-token-of-sixteen-chars";

  @TempDir Path dir;

  @Test
  void backendUrisGoToTheServerConfigAsGiven() {
    DemoOptions options =
        DemoOptions.parse(
            "Demo",
            new String[] {
              "--objects", "redis://127.0.0.1:6379/0?prefix=shop",
              "--logs", "kafka://127.0.0.1:9092?namespace=shop",
              "--data-dir", dir.toString(),
              "--port", "0",
              "--orders", "3"
            },
            COUNTS);

    ServerConfig config = options.serverConfig(TOKEN);
    assertThat(config.objects()).isEqualTo(URI.create("redis://127.0.0.1:6379/0?prefix=shop"));
    assertThat(config.logs()).isEqualTo(URI.create("kafka://127.0.0.1:9092?namespace=shop"));
    assertThat(config.port()).isZero();
    assertThat(options.count("--orders")).isEqualTo(3);
    assertThat(options.keepRunning()).isFalse();
    assertThat(options.describeExchanges())
        .isEqualTo(
            "objects on redis://127.0.0.1:6379/0?prefix=shop,"
                + " logs on kafka://127.0.0.1:9092?namespace=shop");
  }

  @Test
  void withoutUrisBothExchangesAreEmbeddedInTheDataDirectory() {
    DemoOptions options =
        DemoOptions.parse("Demo", new String[] {"--data-dir", dir.toString()}, COUNTS);

    ServerConfig config = options.serverConfig(TOKEN);
    assertThat(config.objects()).isEqualTo(ServerConfig.embedded(dir.resolve("objects")));
    assertThat(config.logs()).isEqualTo(ServerConfig.embedded(dir.resolve("logs")));
    assertThat(options.count("--orders")).isEqualTo(10);
    assertThat(config.port()).isEqualTo(8080);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> DemoOptions.parse("Demo", new String[] {"--order", "3"}, COUNTS))
        .hasMessage(
            "unknown option --order (usage: Demo [--orders N] [--port P] [--data-dir DIR]"
                + " [--objects URI] [--logs URI] [--keep-running])");
    assertThatThrownBy(() -> DemoOptions.parse("Demo", new String[] {"--logs"}, COUNTS))
        .hasMessage("--logs needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("Demo", new String[] {"--orders", "x"}, COUNTS))
        .hasMessage("--orders needs an integer, not 'x'");
    assertThatThrownBy(() -> DemoOptions.parse("Demo", new String[] {"--orders", "0"}, COUNTS))
        .hasMessage("--orders must be at least 1, not 0");
    assertThatThrownBy(
            () -> DemoOptions.parse("Demo", new String[] {"--objects", "/var/redis"}, COUNTS))
        .hasMessageStartingWith("--objects needs a URI with a scheme, such as embedded:DIR,");
    assertThatThrownBy(
            () -> DemoOptions.parse("Demo", new String[] {"--logs", "kafka://a b"}, COUNTS))
        .hasMessageStartingWith("--logs is not a URI: ");
  }
}
