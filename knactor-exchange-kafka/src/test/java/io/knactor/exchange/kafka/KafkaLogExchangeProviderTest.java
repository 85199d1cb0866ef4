package io.knactor.exchange.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.json.Json;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogExchanges;
import io.knactor.core.log.LogRecord;
import io.knactor.core.log.LogStoreSpec;
import io.knactor.core.model.StoreRef;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kafka://host:port?options} opens a Kafka log exchange through LogExchanges. */
class KafkaLogExchangeProviderTest {
  private static final StoreRef MOTION = StoreRef.parse("Home/v1/Motion/motion-a");

  @Test
  void kafkaUriOpensAnExchangeInItsNamespace() {
    String servers = KafkaBroker.shared().bootstrapServers();
    URI uri = URI.create("kafka://" + servers + "?namespace=provider-test&replicationFactor=1");

    try (LogExchange ex = LogExchanges.open(uri)) {
      assertThat(ex).isInstanceOf(KafkaLogExchange.class);
      assertThat(((KafkaLogExchange) ex).topicOf(MOTION))
          .isEqualTo("provider-test.log.Home.v1.Motion.motion-a");
      ex.createStore(LogStoreSpec.of(MOTION, "Reading", 2));
      ex.append(MOTION, List.of(LogRecord.of("m-1", Json.object().put("n", 1))));
    }
    try (LogExchange again =
        LogExchanges.open(URI.create("kafka://" + servers + "?namespace=provider-test"))) {
      assertThat(again.stores()).hasSize(1);
      assertThat(again.describe(MOTION).partitions().stream().mapToLong(p -> p.endOffset()).sum())
          .isEqualTo(1);
    }
  }

  @Test
  void optionsAreParsedAndCheckedWithoutABroker() {
    assertThat(KafkaLogExchangeProvider.options(URI.create("kafka://a:9092,b:9093")))
        .isEqualTo(new KafkaLogOptions("a:9092,b:9093", "knactor", (short) -1));
    assertThat(
            KafkaLogExchangeProvider.options(
                URI.create("kafka://a:9092?namespace=prod.logs&replicationFactor=3")))
        .isEqualTo(new KafkaLogOptions("a:9092", "prod.logs", (short) 3));
    assertThat(
            KafkaLogExchangeProvider.options(URI.create("kafka://a:9092?memberTimeoutMs=6000"))
                .memberTimeout())
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(KafkaLogExchangeProvider.options(URI.create("kafka://a:9092")).memberTimeout())
        .isEqualTo(KafkaLogOptions.MEMBER_TIMEOUT);
  }

  @Test
  void badUrisAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> LogExchanges.open(URI.create("kafka://a:9092?flush=now")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown option 'flush'")
        .hasMessageContaining("namespace, replicationFactor, memberTimeoutMs");
    assertThatThrownBy(() -> LogExchanges.open(URI.create("kafka:///no-broker")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("names no broker");
    assertThatThrownBy(() -> LogExchanges.open(URI.create("kafka://a:9092?replicationFactor=x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("replicationFactor");
    assertThatThrownBy(() -> LogExchanges.open(URI.create("kafka://a:9092?namespace=Bad_NS")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Bad_NS");
    assertThatThrownBy(() -> LogExchanges.open(URI.create("kafka://a:9092?memberTimeoutMs=0")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("memberTimeout must be a positive number of milliseconds, got PT0S");
    assertThatThrownBy(
            () -> LogExchanges.open(URI.create("kafka://a:9092?replicationFactor=70000")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "option replicationFactor in 'kafka://a:9092?replicationFactor=70000' must be a number, got '70000'");
  }
}
