package io.knactor.exchange.embedded.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchanges;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embedded:} opens a log exchange through LogExchanges as it opens objects. */
class EmbeddedLogExchangeProviderTest {
  @TempDir Path dir;

  @Test
  void embeddedUriOpensALogExchangeWithItsOptions() {
    URI uri =
        URI.create("embedded:" + dir.resolve("logs") + "?syncWrites=false&retentionInterval=PT30S");

    try (LogExchange ex = LogExchanges.open(uri)) {
      assertThat(ex).isInstanceOf(EmbeddedLogExchange.class);
      EmbeddedLogExchange embedded = (EmbeddedLogExchange) ex;
      assertThat(embedded.directory()).isEqualTo(dir.resolve("logs"));
      assertThat(embedded.options())
          .isEqualTo(new EmbeddedLogOptions(false, Duration.ofSeconds(30)));
      ex.createStore(LogStoreSpec.of(StoreRef.parse("Home/v1/Motion/motion-a"), "Reading", 2));
    }
    try (LogExchange again = LogExchanges.open(URI.create("embedded:" + dir.resolve("logs")))) {
      assertThat(again.stores()).hasSize(1);
    }
  }

  @Test
  void objectsAndLogsShareTheSchemeButNotTheirBackends() {
    try (ObjectExchange objects = ObjectExchanges.open(URI.create("embedded:" + dir.resolve("o")));
        LogExchange logs = LogExchanges.open(URI.create("embedded:" + dir.resolve("l")))) {
      assertThat(objects).isInstanceOf(EmbeddedObjectExchange.class);
      assertThat(logs).isInstanceOf(EmbeddedLogExchange.class);
    }
  }

  @Test
  void badUrisAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> LogExchanges.open(URI.create("embedded:" + dir + "?flush=now")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown option 'flush'")
        .hasMessageContaining("known: retentionInterval, syncWrites");
    assertThatThrownBy(
            () -> LogExchanges.open(URI.create("embedded:" + dir + "?retentionInterval=5s")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> LogExchanges.open(URI.create("kafka://localhost:9092")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("no log exchange backend for 'kafka:' (available: embedded)");
  }
}
